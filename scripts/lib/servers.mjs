// Makes sure MariaDB and Redis listen on 127.0.0.1 for the tests: uses the ones already running, otherwise
// installs them from Debian's packages when missing and starts private instances with data under .data/.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { dataDir } from './paths.mjs';

export function isListening(port, host = '127.0.0.1', timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A port reserved for this process (the same reservation the test suites use; needs the built libs/devkit). */
export async function freePort() {
  const { freePort: reserve } = await import('../../libs/devkit/dist/src/testing/ports.js');
  return reserve();
}

export async function waitForPort(port, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isListening(port)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not start listening on ${port} within ${timeoutMs} ms`);
}

function which(binary) {
  return spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' }).stdout.trim() || undefined;
}

let aptUpdated = false;
function aptInstall(...packages) {
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    spawnSync(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), 'update', '-q'], { stdio: 'inherit', env });
    aptUpdated = true;
  }
  const args = [...(sudo.length ? ['apt-get'] : []), 'install', '-y', '-q', '--no-install-recommends', ...packages];
  const result = spawnSync(sudo[0] ?? 'apt-get', args, { stdio: 'inherit', env });
  if (result.status !== 0) throw new Error(`apt-get install ${packages.join(' ')} failed`);
}

export async function ensureRedis(port = 6379) {
  if (await isListening(port)) return;
  if (!which('redis-server')) aptInstall('redis-server');
  console.log(`[setup] starting redis-server on 127.0.0.1:${port}`);
  const result = spawnSync('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('redis-server failed to start');
  await waitForPort(port, 15000, 'redis');
}

/** Starts a private MariaDB on `port` (root without password, TCP only on 127.0.0.1). */
export async function ensureMariaDb(port = 3306, name = `mariadb-${port}`) {
  if (!(await isListening(port))) {
    if (!which('mariadbd') && !existsSync('/usr/sbin/mariadbd')) aptInstall('mariadb-server');
    // Debian's package may have started its own server on install: use it if it is there now.
    if (!(await isListening(port))) await startPrivateMariaDb(port, name);
  }
  allowPasswordlessRootOverTcp(port);
}

/** The tests log in as root without a password over TCP; Debian's packaged server uses unix_socket for root. */
function allowPasswordlessRootOverTcp(port) {
  if (!which('mariadb')) return; // no client to check with; the tests will say so if it fails
  const tcp = spawnSync('mariadb', ['-h', '127.0.0.1', '-P', String(port), '-uroot', '-e', 'SELECT 1'], { stdio: 'ignore' });
  if (tcp.status === 0) return;
  const fix = spawnSync('mariadb', ['-uroot', '-e', "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket; FLUSH PRIVILEGES;"], { stdio: 'inherit' });
  if (fix.status !== 0) throw new Error(`MariaDB on ${port} refuses root without a password over TCP, and it could not be allowed`);
}

async function startPrivateMariaDb(port, name) {
  const datadir = join(dataDir, name);
  if (!existsSync(join(datadir, 'mysql'))) {
    mkdirSync(datadir, { recursive: true });
    console.log(`[setup] initialising MariaDB data in ${datadir}`);
    const init = spawnSync('mariadb-install-db', ['--no-defaults', `--datadir=${datadir}`, '--user=root', '--auth-root-authentication-method=normal', '--skip-test-db'], { stdio: 'ignore' });
    if (init.status !== 0) throw new Error('mariadb-install-db failed');
  }
  console.log(`[setup] starting MariaDB on 127.0.0.1:${port}`);
  // Its own tmpdir: a starting MariaDB deletes every `#sql*` file in its tmpdir (see private-mariadb.mjs).
  const tmpdir = join(datadir, 'tmp');
  mkdirSync(tmpdir, { recursive: true });
  const log = openSync(join(dataDir, `${name}.log`), 'a');
  const mariadbd = existsSync('/usr/sbin/mariadbd') ? '/usr/sbin/mariadbd' : 'mariadbd';
  const child = spawn(
    mariadbd,
    ['--no-defaults', `--datadir=${datadir}`, '--user=root', '--bind-address=127.0.0.1', `--port=${port}`, `--socket=${join(datadir, 'mysqld.sock')}`, `--tmpdir=${tmpdir}`, '--innodb-buffer-pool-size=128M', '--skip-log-bin'],
    { detached: true, stdio: ['ignore', log, log] },
  );
  child.unref();
  await waitForPort(port, 60000, 'MariaDB');
}

/** `docker compose` (v2 plugin) when present, otherwise Debian's docker-compose, installed when missing. */
export function ensureComposeCli() {
  if (spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0) return 'docker compose';
  if (!which('docker-compose')) aptInstall('docker-compose');
  return 'docker-compose';
}

/**
 * kubectl renders deploy/kubernetes (`kubectl kustomize`); Debian's kubernetes-client when missing (its kustomize
 * reads the subset the kustomizations are written in).
 */
export function ensureKubectl() {
  if (!which('kubectl')) aptInstall('kubernetes-client');
}

/** Java 17+ and Maven build and run the local Nacos server (infra/nacos). */
export function ensureJavaAndMaven() {
  const missing = [];
  if (!which('java')) missing.push('default-jdk-headless');
  if (!which('mvn')) missing.push('maven');
  if (missing.length) aptInstall(...missing);
}

/** Debian's Chromium (and CJK fonts) for the browser tests; never a browser download. */
export function ensureChromium() {
  if (!existsSync('/usr/bin/chromium')) aptInstall('chromium', 'fonts-noto-cjk');
}
