// `npm test`: sets everything up on a machine with only Node.js and npm, then runs every suite and ends with
// one line "N passed, N failed" totalling all of them.
//   lint      ESLint over every package (one check)
//   unit      libs/*/dist/**/*.spec.js, services/*/dist/**/*.spec.js
//   int       *.int-spec.js: real MariaDB/MySQL and Redis (throwaway databases and key prefixes), real Nacos
//   e2e       e2e/dist/*.e2e-spec.js: all five services as separate processes, through the gateway over HTTP
//   e2e on a replica  the suites that move money, stock and reports again, every service reading from a real
//             MariaDB GTID replica whose applying pauses and resumes all the while (replication lag)
//   miniprogram  jest in apps/miniprogram
// Every file runs in its own process, several side by side (scripts/lib/test-runner.mjs): suites share nothing
// but the servers (each has its own databases, Redis prefix and reserved ports), so they do not wait for each
// other. One Nacos, one MariaDB and Redis, and one replicated pair serve the whole run.
//
// TEST_NOW=<ISO instant> runs the whole suite on a test clock starting there (see README, "Time"); TEST_ONLY=a,b
// runs only the files whose path contains a or b.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildAsync, installAndBuild, pnpmAsync } from './lib/pnpm.mjs';
import { repoRoot } from './lib/paths.mjs';
import { ensureChromium, ensureComposeCli, ensureJavaAndMaven, ensureKubectl, ensureMariaDb, ensureRedis, freePort } from './lib/servers.mjs';
import { startReplicatedPair } from './lib/private-mariadb.mjs';
import { testFiles } from './lib/node-tests.mjs';
import { runMiniprogramTests } from './lib/miniprogram-tests.mjs';
import { runJobs, summarise } from './lib/test-runner.mjs';
import { ensureNacos, stopNacos } from './nacos.mjs';

const TEST_NACOS_PORT = Number(process.env.TEST_NACOS_PORT ?? 18848);
/** Files side by side. Most suites mostly wait (on servers, timers, the browser); two cores carry three. */
const CONCURRENCY = Number(process.env.TEST_CONCURRENCY ?? 3);
const started = Date.now();

/** The suites run a second time on a real replica with lag: every money, stock and report path. */
const ON_REPLICA = ['members', 'payments', 'payment-refunds', 'mall-orders', 'fuel-orders', 'staff', 'station-admin', 'nearby'];
/**
 * Suites that keep both cores busy on their own (webpack builds, Chromium with phone-sized screenshots): one of them
 * at a time, beside lighter ones. Longest first, so this lane, the run's longest, starts at once.
 */
const HEAVY = ['miniprogram-builds', 'miniprogram', 'staff-app'];
/** Seconds per e2e suite with others beside it (clean clone, 2 cores, 2026-12-02): long ones start first; others count 10. */
const E2E_SECONDS = { 'miniprogram-builds': 120, miniprogram: 95, 'staff-app': 60, instances: 50, 'write-path': 48, 'field-keys': 40, staff: 45, 'payment-refunds': 44, payments: 39, 'mall-orders': 36, start: 34, 'station-admin': 30, consistency: 29, 'backend-tls': 28, 'rate-limits': 27 };

const MINIPROGRAM = '@fuel/miniprogram';
/** Suites that use the H5 bundle: they wait for its build. */
const NEEDS_H5 = ['miniprogram-builds', 'miniprogram', 'staff-app', 'start'];

const suiteName = (file) => file.split('/').at(-1).replace(/\.(e2e-spec|int-spec|spec)\.js$/, '');

let startedNacos = false;
let pair;
let results = [];
try {
  if (process.env.TEST_NOW) console.log(`[test] the whole run is on a test clock starting at ${process.env.TEST_NOW}`);
  // The H5 bundle (a webpack build of a minute or more) is built beside the first tests, not before them.
  installAndBuild({ except: [MINIPROGRAM] });
  // Servers the tests need, started while the first jobs run.
  ensureJavaAndMaven();
  const nacos = ensureNacos({ port: TEST_NACOS_PORT }).then((server) => {
    startedNacos = server.started;
    process.env.TEST_NACOS_ADDR = `127.0.0.1:${TEST_NACOS_PORT}`;
  });
  await ensureMariaDb(3306);
  await ensureRedis(6379);
  process.env.COMPOSE_CLI = ensureComposeCli();
  ensureKubectl();
  ensureChromium();
  // Started when the first suite on the replica is chosen (TEST_ONLY may choose none).
  let replicaPair;
  const startPair = () => (replicaPair ??= (async () => (pair = await startReplicatedPair({ primaryPort: await freePort(), replicaPort: await freePort() })))());
  // Without Nacos the suites still run; those that need it fail and say so.
  const serversReady = nacos.catch((error) => console.error(`[test] Nacos did not start: ${error.message}`));

  let h5Built;
  const h5 = new Promise((resolve) => (h5Built = resolve));
  h5.catch(() => undefined); // a failed build is reported by its job and by each suite that waited for it
  const jobs = [
    {
      kind: 'build',
      name: 'the mini-program’s H5 bundle (taro build --type h5)',
      weight: 1000,
      groups: ['heavy'],
      run: async () => {
        const { code, output } = await buildAsync(MINIPROGRAM);
        h5Built(code === 0 ? undefined : Promise.reject(new Error('the H5 build failed')));
        return { passed: 0, failed: code === 0 ? 0 : 1, log: code === 0 ? '' : output, tests: [] };
      },
    },
    { kind: 'lint', name: 'eslint (every package)', weight: 40, run: lint },
    { kind: 'mini-program (jest)', name: 'apps/miniprogram', weight: 20, run: runMiniprogramTests },
    ...testFiles('unit').map((file) => ({ kind: 'unit', file, weight: 2 })),
    ...testFiles('int').map((file) => ({ kind: 'integration', file, weight: 5, ready: serversReady })),
    ...testFiles('e2e').map((file) => {
      const name = suiteName(file);
      return { kind: 'end-to-end', file, weight: E2E_SECONDS[name] ?? 10, groups: HEAVY.includes(name) ? ['heavy'] : [], ready: NEEDS_H5.includes(name) ? Promise.all([serversReady, h5]) : serversReady };
    }),
    ...testFiles('e2e')
      .filter((file) => ON_REPLICA.includes(suiteName(file)))
      .map((file) => {
        const job = { kind: 'end-to-end on a lagging replica', file, weight: E2E_SECONDS[suiteName(file)] ?? 10, groups: ['replica'] };
        job.ready = () => Promise.all([serversReady, startPair()]).then(() => {
          job.env = { TEST_MYSQL_URL: pair.primaryUrl, TEST_MYSQL_REPLICA_URL: pair.replicaUrl, E2E_REPLICA_LAG: '1' };
        });
        return job;
      }),
  ];
  // TEST_ONLY=staff,wallet: only the jobs whose file or name contains one of these (a developer's shortcut).
  const only = process.env.TEST_ONLY?.split(',').filter(Boolean);
  const chosen = only ? jobs.filter((job) => job.kind === 'build' || only.some((part) => (job.file ?? job.name).includes(part))) : jobs;
  // One suite on the replica at a time: each runs its own lag cycle on it.
  results = await runJobs(chosen, { concurrency: CONCURRENCY, limits: { heavy: 1, replica: 1 } });
} catch (error) {
  console.error(`[test] setup failed: ${error.stack ?? error}`);
  results.push({ kind: 'setup', name: 'setup', passed: 0, failed: 1, ms: 0, cpu: 0, tests: [] });
} finally {
  // Leave the machine as we found it: stop what this run started (MariaDB/Redis are shared).
  await pair?.stop().catch(() => undefined);
  if (startedNacos) await stopNacos({ port: TEST_NACOS_PORT }).catch(() => undefined);
}

/** What each TypeScript package lints (`src` and `test`), as folders: ESLint reads no folder globs. */
function lintedFolders() {
  return ['libs', 'services', 'e2e'].flatMap((top) => {
    const packages = top === 'e2e' ? ['e2e'] : readdirSync(join(repoRoot, top)).map((name) => `${top}/${name}`);
    return packages.flatMap((dir) => ['src', 'test'].map((sub) => `${dir}/${sub}`)).filter((dir) => existsSync(join(repoRoot, dir)));
  });
}

/**
 * The lint of every package counts as one check: ESLint once over the TypeScript packages (one process, not one per
 * package: each would load the TypeScript parser again) and the mini-program's type check, side by side.
 */
async function lint() {
  const [eslint, miniprogram] = await Promise.all([
    pnpmAsync(['exec', 'eslint', '--no-error-on-unmatched-pattern', ...lintedFolders()]),
    pnpmAsync(['--dir', 'apps/miniprogram', 'run', 'lint']),
  ]);
  const failures = [eslint, miniprogram].filter((run) => run.code !== 0);
  return { passed: failures.length ? 0 : 1, failed: failures.length ? 1 : 0, log: failures.map((run) => run.output).join('\n'), tests: [] };
}

summarise(results);
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
console.log(`\n[test] finished in ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
