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
import { installAndBuild, pnpmAsync } from './lib/pnpm.mjs';
import { ensureChromium, ensureComposeCli, ensureJavaAndMaven, ensureMariaDb, ensureRedis, freePort } from './lib/servers.mjs';
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
const E2E_SECONDS = { 'miniprogram-builds': 120, miniprogram: 95, 'staff-app': 60, instances: 50, staff: 45, 'payment-refunds': 44, payments: 39, 'mall-orders': 36, start: 34, 'station-admin': 30, consistency: 29, 'backend-tls': 28, 'rate-limits': 27 };

const suiteName = (file) => file.split('/').at(-1).replace(/\.(e2e-spec|int-spec|spec)\.js$/, '');

let startedNacos = false;
let pair;
let results = [];
try {
  if (process.env.TEST_NOW) console.log(`[test] the whole run is on a test clock starting at ${process.env.TEST_NOW}`);
  installAndBuild();
  // Servers the tests need, started while the first jobs run.
  ensureJavaAndMaven();
  const nacos = ensureNacos({ port: TEST_NACOS_PORT }).then((server) => {
    startedNacos = server.started;
    process.env.TEST_NACOS_ADDR = `127.0.0.1:${TEST_NACOS_PORT}`;
  });
  await ensureMariaDb(3306);
  await ensureRedis(6379);
  process.env.COMPOSE_CLI = ensureComposeCli();
  ensureChromium();
  // Started when the first suite on the replica is chosen (TEST_ONLY may choose none).
  let replicaPair;
  const startPair = () => (replicaPair ??= (async () => (pair = await startReplicatedPair({ primaryPort: await freePort(), replicaPort: await freePort() })))());
  // Without Nacos the suites still run; those that need it fail and say so.
  const serversReady = nacos.catch((error) => console.error(`[test] Nacos did not start: ${error.message}`));

  const jobs = [
    { kind: 'lint', name: 'eslint (every package)', weight: 40, run: lint },
    { kind: 'mini-program (jest)', name: 'apps/miniprogram', weight: 20, run: runMiniprogramTests },
    ...testFiles('unit').map((file) => ({ kind: 'unit', file, weight: 2 })),
    ...testFiles('int').map((file) => ({ kind: 'integration', file, weight: 5, ready: serversReady })),
    ...testFiles('e2e').map((file) => {
      const name = suiteName(file);
      return { kind: 'end-to-end', file, weight: E2E_SECONDS[name] ?? 10, groups: HEAVY.includes(name) ? ['heavy'] : [], ready: serversReady };
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
  const chosen = only ? jobs.filter((job) => only.some((part) => (job.file ?? job.name).includes(part))) : jobs;
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

/** ESLint over every package counts as one check. */
async function lint() {
  const { code, output } = await pnpmAsync(['exec', 'turbo', 'run', 'lint', '--output-logs=errors-only']);
  return { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, log: code === 0 ? '' : output, tests: [] };
}

summarise(results);
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
console.log(`\n[test] finished in ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
