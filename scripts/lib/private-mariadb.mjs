// Private MariaDB servers for tests that need a server of their own (with data under .data/, fresh each time):
// - `startPrivateMariaDb`: one server with the options given (TLS only, say);
// - `startReplicatedPair`: a primary writing a binlog and a GTID replica following it read-only, both set up by
//   the same init scripts as the compose topology (infra/mysql/primary-init.sql, replica-init.mariadb.sql). Lag
//   is injected by stopping the replica's SQL thread: it keeps receiving the binlog but applies nothing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir, repoRoot } from './paths.mjs';
import { waitForPort } from './servers.mjs';

const mariadbd = existsSync('/usr/sbin/mariadbd') ? '/usr/sbin/mariadbd' : 'mariadbd';

function sql(port, statements) {
  const result = spawnSync('mariadb', ['-h', '127.0.0.1', '-P', String(port), '-uroot', '--batch', '--skip-column-names', '-e', statements], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`SQL on ${port} failed: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

async function startInstance(name, port, args) {
  const datadir = join(dataDir, name);
  rmSync(datadir, { recursive: true, force: true });
  mkdirSync(datadir, { recursive: true });
  // Its own folder for internal temporary tables: a MariaDB server deletes every `#sql*` file in its tmpdir when it
  // starts, so servers sharing /tmp would delete each other's live temporary tables (seen: a suite's migration on
  // the replicated pair failed with "Error on delete of '/tmp/#sql-temptable-…'" when another private server started).
  const tmpdir = join(datadir, 'tmp');
  mkdirSync(tmpdir);
  const init = spawnSync('mariadb-install-db', ['--no-defaults', `--datadir=${datadir}`, '--user=root', '--auth-root-authentication-method=normal', '--skip-test-db'], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`mariadb-install-db for ${name} failed: ${init.stderr}`);
  const instance = { pid: 0, datadir };
  const launch = async () => {
    const log = openSync(join(dataDir, `${name}.log`), 'a');
    const child = spawn(
      mariadbd,
      [
        '--no-defaults',
        `--datadir=${datadir}`,
        '--user=root',
        '--bind-address=127.0.0.1',
        `--port=${port}`,
        `--socket=${join(datadir, 'mysqld.sock')}`,
        `--tmpdir=${tmpdir}`,
        '--innodb-buffer-pool-size=64M',
        '--innodb-log-file-size=16M',
        '--character-set-server=utf8mb4',
        '--collation-server=utf8mb4_unicode_ci',
        '--default-time-zone=+00:00',
        '--gtid-strict-mode=1',
        ...args,
      ],
      { detached: true, stdio: ['ignore', log, log] },
    );
    child.unref();
    instance.pid = child.pid;
    await waitForPort(port, 60_000, `MariaDB ${name}`);
  };
  await launch();
  /** Stops the server (a clean shutdown, or `signal`) and starts it again on the same data. */
  instance.restart = async (signal = 'SIGTERM') => {
    process.kill(instance.pid, signal);
    while (alive(instance.pid)) await new Promise((resolve) => setTimeout(resolve, 100));
    await launch();
  };
  return instance;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopInstances(instances) {
  for (const { pid } of instances) if (alive(pid)) process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (instances.some(({ pid }) => alive(pid)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  for (const { pid, datadir } of instances) {
    if (alive(pid)) continue;
    rmSync(datadir, { recursive: true, force: true });
    rmSync(`${datadir}.log`, { force: true });
  }
}

/** One private server on `port` with extra mariadbd options; root without a password over TCP. */
export async function startPrivateMariaDb({ name, port, args = [] }) {
  const instance = await startInstance(`${name}-${port}`, port, args);
  return { url: `mysql://root@127.0.0.1:${port}`, sql: (statements) => sql(port, statements), stop: () => stopInstances([instance]) };
}

/**
 * Starts the pair and returns their URLs (root without a password, as the shared test server), the replica
 * following the primary; `stop()` ends both and removes their data.
 */
export async function startReplicatedPair({ primaryPort, replicaPort }) {
  const instances = [];
  try {
    return await startPair(instances, primaryPort, replicaPort);
  } catch (error) {
    await stopInstances(instances);
    throw error;
  }
}

async function startPair(instances, primaryPort, replicaPort) {
  instances.push(await startInstance(`mariadb-primary-${primaryPort}`, primaryPort, ['--server-id=1', '--log-bin=primary-bin', '--binlog-format=ROW', '--log-bin-trust-function-creators=1']));
  sql(primaryPort, readFileSync(join(repoRoot, 'infra/mysql/primary-init.sql'), 'utf8'));
  instances.push(await startInstance(`mariadb-replica-${replicaPort}`, replicaPort, ['--server-id=2', '--read-only=1', '--relay-log=replica-relay', '--skip-log-bin']));
  const replicaInit = readFileSync(join(repoRoot, 'infra/mysql/replica-init.mariadb.sql'), 'utf8')
    .replace("MASTER_HOST = 'mysql-primary'", "MASTER_HOST = '127.0.0.1'")
    .replace('MASTER_PORT = 3306', `MASTER_PORT = ${primaryPort}`);
  sql(replicaPort, replicaInit);
  const pair = {
    primaryUrl: `mysql://root@127.0.0.1:${primaryPort}`,
    replicaUrl: `mysql://root@127.0.0.1:${replicaPort}`,
    /** Stops the primary and starts it again on its data (the replica reconnects by itself). */
    restartPrimary: (signal) => instances[0].restart(signal),
    /** Stops the replica for good (a replica lost). */
    stopReplica: () => stopInstances([instances[1]]),
    stop: () => stopInstances(instances),
  };
  await waitForReplicaCaughtUp(primaryPort, replicaPort);
  return pair;
}

/** Waits until the replica has applied everything the primary has committed. */
export async function waitForReplicaCaughtUp(primaryPort, replicaPort, timeoutSeconds = 30) {
  const position = sql(primaryPort, 'SELECT @@gtid_binlog_pos');
  const waited = sql(replicaPort, `SELECT MASTER_GTID_WAIT('${position}', ${timeoutSeconds})`);
  if (waited !== '0') {
    const status = sql(replicaPort, 'SHOW SLAVE STATUS\\G');
    throw new Error(`the replica did not reach ${position} within ${timeoutSeconds} s:\n${status}`);
  }
}
