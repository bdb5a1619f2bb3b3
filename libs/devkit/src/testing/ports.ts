/**
 * Ports for the servers tests start, reserved across every test process on this machine.
 *
 * A port is chosen below the kernel's ephemeral range (32768+): a port the kernel hands out for `listen(0)` and
 * that is released before the server binds it can meanwhile be taken by any outgoing connection. Choosing at
 * random and checking that it binds was not enough either: two suites side by side (or one suite picking a run of
 * four ports and then single ones) could pick the same port before either bound it. So each chosen port is also
 * reserved with a lock file (created exclusively, holding the owner's pid) until the reserving process exits;
 * a lock whose owner is gone is taken over.
 */
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LOW = 20_000;
const HIGH = 32_000;
const LOCK_DIR = process.env.TEST_PORT_LOCK_DIR ?? join(tmpdir(), 'fuel-test-ports');
const held = new Set<number>();

process.once('exit', () => {
  for (const port of held) {
    try {
      unlinkSync(lockFile(port));
    } catch {
      // already gone
    }
  }
});

const lockFile = (port: number) => join(LOCK_DIR, String(port));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock of `port` for this process; false when another live process holds it. */
function lock(port: number): boolean {
  mkdirSync(LOCK_DIR, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile(port), String(process.pid), { flag: 'wx' });
      held.add(port);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockFile(port), 'utf8').trim() || 0);
      if (owner && alive(owner)) return false;
      try {
        unlinkSync(lockFile(port)); // its owner died without cleaning up
      } catch {
        // another process took it over first; the next attempt decides
      }
    }
  }
  return false;
}

function unlock(port: number): void {
  held.delete(port);
  try {
    unlinkSync(lockFile(port));
  } catch {
    // already gone
  }
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** `count` consecutive ports (a service family on RPC_PORT_BASE + n), reserved for this process and bindable now. */
export async function freePortRun(count: number): Promise<number> {
  for (let tries = 0; tries < 200; tries++) {
    const base = LOW + Math.floor(Math.random() * (HIGH - LOW - count));
    const taken: number[] = [];
    let ok = true;
    for (let port = base; port < base + count && ok; port++) {
      ok = !held.has(port) && lock(port);
      if (ok) taken.push(port);
      ok = ok && (await canBind(port));
    }
    if (ok) return base;
    taken.forEach(unlock);
  }
  throw new Error(`no run of ${count} free ports in ${LOW}–${HIGH}`);
}

/** One port reserved for this process and bindable now. */
export function freePort(): Promise<number> {
  return freePortRun(1);
}
