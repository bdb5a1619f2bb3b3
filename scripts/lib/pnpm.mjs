// Bootstraps the pinned pnpm into .tools/ with npm (the only tool a fresh machine has) and runs it.
import { existsSync, readFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { repoRoot } from './paths.mjs';

const toolsDir = join(repoRoot, '.tools');
const pnpmBin = join(toolsDir, 'node_modules', '.bin', 'pnpm');

export function pinnedPnpmVersion() {
  const { packageManager } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  return packageManager.replace(/^pnpm@/, '');
}

export function ensurePnpm() {
  const version = pinnedPnpmVersion();
  const installed = existsSync(pnpmBin) && spawnSync(pnpmBin, ['-v'], { encoding: 'utf8' }).stdout.trim();
  if (installed === version) return pnpmBin;
  console.log(`[setup] installing pnpm ${version} into .tools/`);
  run('npm', ['install', '--prefix', toolsDir, '--no-save', '--no-audit', '--no-fund', `pnpm@${version}`]);
  return pnpmBin;
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: repoRoot, ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed with ${result.status ?? result.signal}`);
  }
  return result;
}

/**
 * turbo's cache lives beside pnpm's store, once per machine, not in the checkout: a clean clone of a commit already
 * built here (the CI's, after the developer's run) restores the packages and the H5 bundle instead of building them
 * again. Entries are keyed by the hash of every input, so a changed file always builds. TURBO_CACHE_DIR overrides.
 */
const TURBO_CACHE_DIR = process.env.TURBO_CACHE_DIR || join(homedir(), '.cache', 'fuel-station', 'turbo');

/** What pnpm and the turbo it runs see: pnpm itself on PATH (turbo looks it up there), no telemetry, the cache. */
function pnpmEnv(bin, extra) {
  return { ...process.env, PATH: `${dirname(bin)}${delimiter}${process.env.PATH ?? ''}`, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', TURBO_CACHE_DIR, ...extra };
}

export function pnpm(args, options = {}) {
  const bin = ensurePnpm();
  return run(bin, args, { ...options, env: pnpmEnv(bin, options.env) });
}

/** pnpm without blocking: resolves to its exit code and everything it printed (for jobs that run side by side). */
export function pnpmAsync(args, options = {}) {
  const bin = ensurePnpm();
  return new Promise((resolve) => {
    const child = spawn(bin, args, {
      cwd: repoRoot,
      ...options,
      env: pnpmEnv(bin, options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/**
 * Installs dependencies (exactly as locked) and builds every package; turbo skips what is up to date. `except`
 * leaves packages out (npm test builds the mini-program's H5 bundle as a job of its own, beside the first tests).
 */
export function installAndBuild({ except = [] } = {}) {
  pnpm(['install', '--frozen-lockfile', '--prefer-offline']);
  pnpm(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only', ...except.map((name) => `--filter=!${name}`)]);
}

/** Builds one package (and what it needs) with turbo, without blocking. */
export function buildAsync(name) {
  return pnpmAsync(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only', `--filter=${name}`]);
}
