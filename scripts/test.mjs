// `npm test`: sets everything up on a machine with only Node.js and npm, then runs every suite and ends with
// one line "N passed, N failed" totalling all of them.
//   unit      libs/*/dist/**/*.spec.js, services/*/dist/**/*.spec.js
//   int       *.int-spec.js: real MariaDB/MySQL and Redis (throwaway databases and key prefixes), real Nacos
//   e2e       e2e/dist/*.e2e-spec.js: all five services as separate processes, through the gateway over HTTP
//   e2e on a replica  the suites that move money, stock and reports again, every service reading from a real
//             MariaDB GTID replica whose applying pauses and resumes all the while (replication lag)
//   miniprogram  jest in apps/miniprogram
import { installAndBuild, pnpm } from './lib/pnpm.mjs';
import { ensureChromium, ensureComposeCli, ensureJavaAndMaven, ensureMariaDb, ensureRedis, freePort } from './lib/servers.mjs';
import { startReplicatedPair } from './lib/private-mariadb.mjs';
import { runNodeTests, testFiles } from './lib/node-tests.mjs';
import { runMiniprogramTests } from './lib/miniprogram-tests.mjs';
import { ensureNacos, stopNacos } from './nacos.mjs';

const TEST_NACOS_PORT = Number(process.env.TEST_NACOS_PORT ?? 18848);
const started = Date.now();
let startedNacos = false;
let nacosReady;
const totals = { passed: 0, failed: 0 };
/** ESLint over every package counts as one check. */
function lint() {
  try {
    pnpm(['exec', 'turbo', 'run', 'lint', '--output-logs=errors-only']);
    console.log('[test] lint: passed');
    return { passed: 1, failed: 0 };
  } catch {
    console.log('[test] lint: failed');
    return { passed: 0, failed: 1 };
  }
}

/** The suites run a second time on a real replica with lag: every money, stock and report path. */
const ON_REPLICA = ['members', 'payments', 'payment-refunds', 'mall-orders', 'fuel-orders', 'staff', 'station-admin', 'nearby'];

/** Runs `suites` with the test databases on a private primary and every service reading from its lagging replica. */
async function onLaggingReplica(suites) {
  const pair = await startReplicatedPair({ primaryPort: await freePort(), replicaPort: await freePort() });
  const saved = { ...process.env };
  Object.assign(process.env, { TEST_MYSQL_URL: pair.primaryUrl, TEST_MYSQL_REPLICA_URL: pair.replicaUrl, E2E_REPLICA_LAG: '1' });
  try {
    return await suites();
  } finally {
    for (const name of ['TEST_MYSQL_URL', 'TEST_MYSQL_REPLICA_URL', 'E2E_REPLICA_LAG']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    await pair.stop();
  }
}

const add = (counts) => {
  totals.passed += counts.passed;
  totals.failed += counts.failed;
};

try {
  installAndBuild();
  add(lint());
  // Nacos takes a while to boot: start it while the databases come up and the unit tests run.
  ensureJavaAndMaven();
  const nacos = ensureNacos({ port: TEST_NACOS_PORT }).then(
    (server) => {
      startedNacos = server.started;
    },
    (error) => error,
  );
  nacosReady = nacos;
  await ensureMariaDb(3306);
  await ensureRedis(6379);
  process.env.COMPOSE_CLI = ensureComposeCli();
  ensureChromium();
  add(await runNodeTests('unit', testFiles('unit'), { concurrency: 2 }));
  const nacosError = await nacos;
  if (nacosError) console.error(`[test] Nacos did not start: ${nacosError.message}`);
  process.env.TEST_NACOS_ADDR = `127.0.0.1:${TEST_NACOS_PORT}`;
  add(await runNodeTests('integration', testFiles('int'), { concurrency: 2 }));
  add(await runNodeTests('end-to-end', testFiles('e2e'), { concurrency: 1 }));
  add(await onLaggingReplica(() => runNodeTests('end-to-end on a lagging replica', testFiles('e2e').filter((file) => ON_REPLICA.some((name) => file.endsWith(`/${name}.e2e-spec.js`))), { concurrency: 1 })));
  add(await runMiniprogramTests());
} catch (error) {
  console.error(`[test] setup failed: ${error.stack ?? error}`);
  totals.failed++;
} finally {
  // Leave the machine as we found it: stop the Nacos server this run started (MariaDB/Redis are shared).
  await nacosReady;
  if (startedNacos) await stopNacos({ port: TEST_NACOS_PORT }).catch(() => undefined);
}
console.log(`[test] finished in ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
