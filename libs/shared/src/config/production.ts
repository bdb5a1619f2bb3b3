/**
 * What a production process refuses at start, every problem named at once, so an operator fixes a deployment in one
 * pass instead of one restart per variable:
 * - a development credential (secrets, keys, merchant numbers: @fuel/devkit's dev-env.ts), known here only by its
 *   SHA-256 fingerprint (dev-fingerprints.ts);
 * - demo data (it carries staff accounts with one shared password);
 * - a test clock (TEST_NOW), or the test harness's RPC key;
 * - no DATABASE_URL (the embedded SQLite file is for `npm start`, and lives in the container);
 * - a provider endpoint that is not the provider: plain http or a loopback address, which is where the local
 *   stand-ins listen (`providerEndpoint`);
 * - a URL the providers call back that they cannot reach: not https, or a loopback or private address
 *   (`publicCallbackUrl`).
 * `--check-config` runs the same checks without starting anything (`checkConfigOnly`).
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { z } from 'zod';
import { ConfigError } from './config-error.js';
import { DEV_VALUE_FINGERPRINTS } from './dev-fingerprints.js';
import { testClockProblem } from '../time/clock.js';
import { TEST_HARNESS_CALLER } from '../rpc/envelope-signature.js';

type ProductionRule = 'provider-endpoint' | 'public-callback';
const RULE_KEY = 'productionRule';

/** A provider's API endpoint. The default is the local stand-in's; production needs the provider's own (https). */
export function providerEndpoint(standInDefault: string) {
  return z.string().url().default(standInDefault).meta({ [RULE_KEY]: 'provider-endpoint' satisfies ProductionRule });
}

/** A URL of ours that a provider calls (payment notifications, tracking pushes): public and https in production. */
export function publicCallbackUrl(developmentDefault: string) {
  return z.string().url().default(developmentDefault).meta({ [RULE_KEY]: 'public-callback' satisfies ProductionRule });
}

const LOOPBACK_HOSTS = new Set(['localhost', '0.0.0.0', '::', '::1']);
const isLoopback = (host: string) => LOOPBACK_HOSTS.has(host) || host.endsWith('.localhost') || /^127\./.test(host);
/** Private, link-local and carrier-grade NAT ranges: not reachable from the providers' side of the Internet. */
const isPrivateAddress = (host: string) =>
  isIP(host) !== 0 && /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.|100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.|f[cd]|fe80:)/i.test(host);

function urlProblem(rule: ProductionRule, value: unknown): string | undefined {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    return undefined; // the schema has already named a malformed URL
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (rule === 'provider-endpoint') {
    if (isLoopback(host)) return `${url.origin} is a local stand-in; production talks to the provider itself`;
    if (url.protocol !== 'https:') return 'a provider is reached over https only';
    return undefined;
  }
  if (url.protocol !== 'https:') return 'the provider calls this URL: it must be https';
  if (isLoopback(host) || isPrivateAddress(host)) return `${host} is not reachable from the provider: use the public address`;
  return undefined;
}

/**
 * Whether `value` is one of the development credentials (by fingerprint: the values themselves do not ship), or a
 * key list ("kid:hex,kid:hex") with one among its entries.
 */
export function isDevelopmentCredential(value: unknown): boolean {
  const isDev = (text: string) => DEV_VALUE_FINGERPRINTS.has(createHash('sha256').update(text).digest('hex'));
  return typeof value === 'string' && (isDev(value) || value.split(',').some(isDev));
}

/**
 * The production problems of a parsed configuration: `schema` is what parsed it (its fields say which are provider
 * endpoints and callbacks), `rawEnv` what the process was given (for TEST_NOW, which no schema parses).
 */
export function productionConfigProblems(schema: z.ZodObject, env: Record<string, unknown>, rawEnv: Record<string, unknown> = {}): string[] {
  if (env.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (isDevelopmentCredential(value)) problems.push(`${name}: the development value must not be used in production`);
  }
  for (const [name, field] of Object.entries(schema.shape)) {
    const rule = (field as z.ZodType).meta()?.[RULE_KEY] as ProductionRule | undefined;
    const problem = rule && env[name] !== undefined ? urlProblem(rule, env[name]) : undefined;
    if (problem) problems.push(`${name}: ${problem}`);
  }
  if (Array.isArray(env.RPC_PUBLIC_KEYS) && env.RPC_PUBLIC_KEYS.some((entry) => String(entry).startsWith(`${TEST_HARNESS_CALLER}:`))) {
    problems.push(`RPC_PUBLIC_KEYS: the test harness (${TEST_HARNESS_CALLER}) may not call anything in production`);
  }
  if (env.SEED_DEMO === true) problems.push('SEED_DEMO: demo data (and its shared staff password) must not be loaded in production');
  if ('DATABASE_URL' in schema.shape && env.DATABASE_URL === undefined) problems.push('DATABASE_URL: production needs a MySQL database (the embedded SQLite file is for development)');
  const clockProblem = testClockProblem({ ...rawEnv, NODE_ENV: env.NODE_ENV });
  if (clockProblem) problems.push(clockProblem);
  return problems;
}

/** Parsed configuration that production would refuse stops the process, naming each variable. */
export function assertProductionReady(schema: z.ZodObject, env: Record<string, unknown>, rawEnv: Record<string, unknown> = {}): void {
  const problems = productionConfigProblems(schema, env, rawEnv);
  if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}

/**
 * `node …/main.js --check-config`: validate the configuration as a start would (production rules included), print
 * the verdict and exit (0, or 78 like a refused start) without opening a database or a port. Operators run it
 * before a rollout; the compose test runs every service's rendered environment through it.
 */
export function checkConfigOnly(name: string, read: () => unknown, argv: readonly string[] = process.argv): void {
  if (!argv.includes('--check-config')) return;
  try {
    read();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${name}: ${error.message}\n`);
    process.exit(78);
  }
  process.stdout.write(`${name}: configuration OK\n`);
  process.exit(0);
}
