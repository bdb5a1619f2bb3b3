import * as devEnv from './dev-env.js';

/** Every development value by name (the `DEV_*` strings): what production refuses and no shipped build may hold. */
export function developmentValues(): Array<[name: string, value: string]> {
  return Object.entries(devEnv as Record<string, unknown>).filter((entry): entry is [string, string] => entry[0].startsWith('DEV_') && typeof entry[1] === 'string');
}
