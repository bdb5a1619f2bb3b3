#!/usr/bin/env node
// Local standalone Nacos 2.2.4 server without Docker (see infra/nacos/pom.xml).
//
//   import { ensureNacos, stopNacos } from './scripts/nacos.mjs';
//   const nacos = await ensureNacos({ port: 8848 });   // { port, home, pid, started, url }
//   await stopNacos({ port: 8848 });
//
//   node scripts/nacos.mjs start [port]
//   node scripts/nacos.mjs stop [port]
//   node scripts/nacos.mjs status [port]
//
// Ports used by one server: port (HTTP), port+1000 and port+1001 (gRPC), port-1000 (JRaft, bound even in
// standalone mode). All four must be free. Only node: built-ins are used.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const INFRA_DIR = path.join(ROOT, 'infra', 'nacos');
const TARGET_DIR = path.join(INFRA_DIR, 'target');
const LAUNCHER_JAR = path.join(TARGET_DIR, 'nacos-launcher.jar');
const CLASSPATH_FILE = path.join(TARGET_DIR, 'classpath.txt');
const MAIN_CLASS = 'com.alibaba.nacos.NacosLauncher';
const BUILD_INPUTS = [
  path.join(INFRA_DIR, 'pom.xml'),
  path.join(INFRA_DIR, 'src/main/java/com/alibaba/nacos/NacosLauncher.java'),
  path.join(INFRA_DIR, 'src/main/resources/application.properties'),
];

export const DEFAULT_PORT = 8848;
const START_TIMEOUT_MS = 180_000;
const BUILD_TIMEOUT_MS = 900_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (msg) => process.stderr.write(`[nacos] ${msg}\n`);

/** Default scratch dir: .data/nacos for 8848, .data/nacos-<port> otherwise (two servers must not share Derby). */
export function defaultHome(port = DEFAULT_PORT) {
  return path.join(ROOT, '.data', port === DEFAULT_PORT ? 'nacos' : `nacos-${port}`);
}

/** True when the v1 naming API answers 200 on this port. */
export async function probeNacos(port = DEFAULT_PORT, timeoutMs = 2000) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/nacos/v1/ns/instance/list?serviceName=probe`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer().catch(() => {});
    return res.status === 200;
  } catch {
    return false;
  }
}

/**
 * Make sure a Nacos server answers on `port`; build and start one (detached) if not.
 * Resolves to { port, home, pid, started, url }; pid is null when someone else's server already answered.
 */
export async function ensureNacos({ port = DEFAULT_PORT, home } = {}) {
  port = Number(port);
  const url = `http://127.0.0.1:${port}/nacos`;
  if (await probeNacos(port)) {
    return { port, home: home ? path.resolve(home) : null, pid: readPid(home ? path.resolve(home) : defaultHome(port)), started: false, url };
  }
  home = path.resolve(home ?? defaultHome(port));
  fs.mkdirSync(home, { recursive: true });

  return withLock(path.join(home, '.start.lock'), async () => {
    // Someone may have started it while we waited for the lock.
    if (await probeNacos(port)) return { port, home, pid: readPid(home), started: false, url };

    const running = readPid(home);
    if (running && isOurJava(running)) {
      // A server from this home is still booting (or hung): wait for it instead of starting a second one.
      log(`pid ${running} from ${home} is running, waiting for it`);
      await waitReady(port, running, home);
      return { port, home, pid: running, started: false, url };
    }
    removeQuietly(pidFile(home));

    await ensureBuilt();
    await assertPortsFree(port);

    const pid = startJava(port, home);
    const t0 = Date.now();
    log(`started pid ${pid} on port ${port}, home ${home}; waiting for the naming API`);
    await waitReady(port, pid, home);
    log(`ready after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return { port, home, pid, started: true, url };
  });
}

/** Stop the server started from `home` (default home of `port`). Resolves to true if a process was stopped. */
export async function stopNacos({ port = DEFAULT_PORT, home } = {}) {
  home = path.resolve(home ?? defaultHome(Number(port)));
  const pid = readPid(home);
  if (!pid) return false;
  if (!isOurJava(pid)) {
    removeQuietly(pidFile(home));
    return false;
  }
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  const deadline = Date.now() + 30_000;
  while (isAlive(pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    while (isAlive(pid)) await sleep(100);
  }
  removeQuietly(pidFile(home));
  return true;
}

// ---------------------------------------------------------------------------------------------------------------

const pidFile = (home) => path.join(home, 'nacos.pid');
const logFile = (home) => path.join(home, 'nacos.log');

function readPid(home) {
  try {
    const pid = Number.parseInt(fs.readFileSync(pidFile(home), 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return err.code === 'EPERM';
  }
  // A zombie (exited, not yet reaped by its parent) still accepts signal 0.
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** Guards against killing/waiting on an unrelated process that reused a stale pid. */
function isOurJava(pid) {
  if (!isAlive(pid)) return false;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(MAIN_CLASS);
  } catch {
    return true; // no /proc (macOS): trust the pid file
  }
}

function removeQuietly(file) {
  fs.rmSync(file, { force: true, recursive: true });
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function isBuilt() {
  const built = Math.min(mtime(LAUNCHER_JAR), mtime(CLASSPATH_FILE));
  if (!built || BUILD_INPUTS.some((f) => mtime(f) > built)) return false;
  const entries = fs.readFileSync(CLASSPATH_FILE, 'utf8').trim().split(path.delimiter).filter(Boolean);
  return entries.length > 0 && entries.every((e) => fs.existsSync(e)); // ~/.m2 may have been wiped
}

async function ensureBuilt() {
  if (isBuilt()) return;
  fs.mkdirSync(TARGET_DIR, { recursive: true });
  await withLock(path.join(TARGET_DIR, '.build.lock'), async () => {
    if (isBuilt()) return;
    const mvn = process.env.MVN ?? 'mvn';
    log(`building ${path.relative(ROOT, INFRA_DIR)} (${mvn} -q -B package; first run downloads ~115 MB into ~/.m2)`);
    const t0 = Date.now();
    await run(mvn, ['-q', '-B', '-Dstyle.color=never', 'package'], { cwd: INFRA_DIR, timeoutMs: BUILD_TIMEOUT_MS });
    if (!isBuilt()) throw new Error(`nacos: build finished but ${LAUNCHER_JAR} / ${CLASSPATH_FILE} are missing`);
    log(`built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  });
}

function run(cmd, args, { cwd, timeoutMs }) {
  return new Promise((resolve, reject) => {
    // Build output goes to stderr so it never mixes with a test reporter's stdout.
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', process.stderr, process.stderr] });
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`nacos: cannot run ${cmd}: ${err.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`nacos: ${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '0.0.0.0', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

async function assertPortsFree(port) {
  const ports = [port, port + 1000, port + 1001, port - 1000];
  const busy = [];
  for (const p of ports) if (!(await portFree(p))) busy.push(p);
  if (busy.length) {
    throw new Error(
      `nacos: cannot start on ${port}: port(s) ${busy.join(', ')} already in use ` +
        `(a Nacos server needs ${port} HTTP, ${port + 1000}/${port + 1001} gRPC, ${port - 1000} JRaft)`,
    );
  }
}

function startJava(port, home) {
  const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const classpath = [LAUNCHER_JAR, fs.readFileSync(CLASSPATH_FILE, 'utf8').trim()].join(path.delimiter);
  const args = [
    '-Xms256m',
    '-Xmx512m',
    '-Dnacos.standalone=true', // read with Boolean.getBoolean: must be a system property
    `-Dnacos.home=${home}`,
    `-Dderby.stream.error.file=${path.join(home, 'derby.log')}`,
    '--add-opens=java.base/java.lang=ALL-UNNAMED',
    '--add-opens=java.base/java.lang.reflect=ALL-UNNAMED',
    '--add-opens=java.base/java.util=ALL-UNNAMED',
    '-cp',
    classpath,
    MAIN_CLASS,
    `--server.port=${port}`,
  ];
  const logPath = logFile(home);
  if (fs.existsSync(logPath)) fs.renameSync(logPath, `${logPath}.1`);
  const out = fs.openSync(logPath, 'a');
  try {
    const child = spawn(java, args, { cwd: home, detached: true, stdio: ['ignore', out, out] });
    child.on('error', () => {}); // surfaced by waitReady (process gone)
    if (!child.pid) throw new Error(`nacos: cannot run ${java}`);
    child.unref();
    fs.writeFileSync(pidFile(home), `${child.pid}\n`);
    return child.pid;
  } finally {
    fs.closeSync(out);
  }
}

async function waitReady(port, pid, home) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await probeNacos(port)) return;
    if (!isAlive(pid)) {
      removeQuietly(pidFile(home));
      throw new Error(`nacos: pid ${pid} exited before becoming ready.\n${logTail(home)}`);
    }
    await sleep(500);
  }
  throw new Error(
    `nacos: not ready on port ${port} after ${START_TIMEOUT_MS / 1000} s (pid ${pid} left running).\n${logTail(home)}`,
  );
}

function logTail(home, lines = 60) {
  try {
    const text = fs.readFileSync(logFile(home), 'utf8');
    return `--- ${logFile(home)} (last ${lines} lines) ---\n${text.split('\n').slice(-lines).join('\n')}`;
  } catch {
    return `(no log at ${logFile(home)})`;
  }
}

/** Cross-process mutex via an atomic mkdir; a lock whose owner pid is dead is taken over. */
async function withLock(dir, fn) {
  const deadline = Date.now() + START_TIMEOUT_MS + BUILD_TIMEOUT_MS;
  for (;;) {
    try {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'owner'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let owner = 0;
      try {
        owner = Number.parseInt(fs.readFileSync(path.join(dir, 'owner'), 'utf8'), 10);
      } catch {
        /* being created or removed right now */
      }
      const age = Date.now() - mtime(dir);
      if ((owner && !isAlive(owner)) || (!owner && age > 10_000)) removeQuietly(dir);
      else if (Date.now() > deadline) throw new Error(`nacos: timed out waiting for lock ${dir}`);
      else await sleep(300);
    }
  }
  try {
    return await fn();
  } finally {
    removeQuietly(dir);
  }
}

// ---------------------------------------------------------------------------------------------------------------

const isMain = (() => {
  try {
    return process.argv[1] && fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (isMain) {
  const [cmd = 'start', portArg] = process.argv.slice(2);
  const port = portArg ? Number(portArg) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port <= 1000 || port > 64534) {
    console.error(`invalid port: ${portArg}`);
    process.exit(2);
  }
  try {
    if (cmd === 'start') {
      const r = await ensureNacos({ port });
      console.log(
        r.started
          ? `nacos started: ${r.url} (pid ${r.pid}, home ${r.home})`
          : `nacos already running: ${r.url}${r.pid ? ` (pid ${r.pid})` : ''}`,
      );
    } else if (cmd === 'stop') {
      console.log((await stopNacos({ port })) ? 'nacos stopped' : 'nacos was not running (from this home)');
    } else if (cmd === 'status') {
      const up = await probeNacos(port);
      console.log(up ? `nacos up on port ${port}` : `nacos not answering on port ${port}`);
      process.exit(up ? 0 : 1);
    } else {
      console.error('usage: node scripts/nacos.mjs start|stop|status [port]');
      process.exit(2);
    }
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
