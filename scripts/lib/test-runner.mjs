// Runs test files side by side: each file in its own `node --test` process with its own environment, at most
// `concurrency` at once, at most `limits[group]` of one group at once (the browser and build suites load both
// cores; the suites on the lagging replica share one replica). Longest first, so the run ends with short files.
// Each file's log is printed whole when it ends, so logs of files running together do not interleave.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from './paths.mjs';

const reporter = fileURLToPath(new URL('./test-reporter.mjs', import.meta.url));
const FILE_TIMEOUT_MS = 10 * 60_000;

/**
 * A job: `{ kind, name, weight, groups?, ready?, env?, file? | run? }`. `file` is a compiled node:test file;
 * `run()` is anything else that resolves to `{ passed, failed, log }`. `ready` is a promise the job waits for (a
 * server it needs), or a function making one when the job is chosen; if it rejects, the job counts one failure.
 * `weight`: expected seconds, to start long jobs first.
 */
export async function runJobs(jobs, { concurrency, limits = {} }) {
  reapedCpu(); // what ran before (install, build) is no job's
  const pending = [...jobs].sort((a, b) => b.weight - a.weight);
  const running = new Set();
  const results = [];
  const readiness = new Map(pending.map((job) => [job, Promise.resolve(typeof job.ready === 'function' ? job.ready() : job.ready).then(() => 'ok', (error) => error)]));
  const settled = new Map();
  for (const [job, promise] of readiness) void promise.then((state) => settled.set(job, state));
  const inGroup = (group) => [...running].filter((job) => job.groups?.includes(group)).length;
  const startable = () => pending.find((job) => settled.has(job) && (job.groups ?? []).every((group) => inGroup(group) < (limits[group] ?? Infinity)));

  await new Promise((resolveAll) => {
    let wake = () => undefined;
    const pump = () => {
      while (running.size < concurrency) {
        const job = startable();
        if (!job) break;
        pending.splice(pending.indexOf(job), 1);
        running.add(job);
        const state = settled.get(job);
        const started = Date.now();
        const work = state === 'ok' ? (job.file ? runFile(job) : job.run()) : Promise.resolve({ passed: 0, failed: 1, log: `not started: ${state?.message ?? state}\n`, tests: [] });
        void work
          .catch((error) => ({ passed: 0, failed: 1, log: `${error?.stack ?? error}\n`, tests: [] }))
          .then((result) => {
            running.delete(job);
            const done = { ...job, ...result, ms: Date.now() - started, cpu: reapedCpu() };
            results.push(done);
            report(done);
            wake();
          });
      }
      if (pending.length === 0 && running.size === 0) resolveAll();
    };
    wake = () => pump();
    // Jobs waiting for a server become startable when it is ready.
    for (const promise of readiness.values()) void promise.then(() => wake());
    pump();
  });
  return results;
}

let reapedSoFar = childrenCpuSeconds();
/**
 * CPU seconds of the processes reaped since the last call: a job's whole tree (its processes, the platform's,
 * Chromium) is reaped when the job ends, so this is what the job cost the machine (two jobs ending at the same
 * moment may be counted together).
 */
function reapedCpu() {
  const now = childrenCpuSeconds();
  const cpu = now - reapedSoFar;
  reapedSoFar = now;
  return cpu;
}

/** User + system CPU of this process's reaped descendants (/proc/self/stat cutime and cstime). */
function childrenCpuSeconds() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

function report(result) {
  const name = result.file ? relative(repoRoot, result.file) : result.name;
  process.stdout.write(`\n[test] ${result.kind} ${name}: ${result.passed} passed, ${result.failed} failed (${(result.ms / 1000).toFixed(1)} s, ${result.cpu.toFixed(0)} s CPU)\n${result.log}`);
}

/** One compiled node:test file in its own process: counts leaf tests (a file that fails before its tests counts one). */
function runFile(job) {
  const dir = mkdtempSync(join(tmpdir(), 'fuel-test-'));
  const log = join(dir, 'spec.log');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--test', `--test-reporter=${reporter}`, '--test-reporter-destination=stdout', '--test-reporter=spec', `--test-reporter-destination=${log}`, job.file], {
      cwd: repoRoot,
      env: { ...process.env, ...job.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group: a file that hangs is ended with every process it started
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    const timer = setTimeout(() => {
      err += `\n[test] ${relative(repoRoot, job.file)} ran longer than ${FILE_TIMEOUT_MS / 60_000} min: ended\n`;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, FILE_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      const events = out.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
      const leaves = events.filter((event) => !event.suite);
      const passed = leaves.filter((event) => event.outcome === 'pass').length;
      let failed = leaves.filter((event) => event.outcome === 'fail').length;
      if (failed === 0 && code !== 0) failed = 1; // the process failed without a failing test to show for it
      let text = '';
      try {
        text = readFileSync(log, 'utf8');
      } catch {
        // no log written: the process died first
      }
      rmSync(dir, { recursive: true, force: true });
      const tests = leaves.map((event) => ({ name: event.name, ms: event.ms }));
      const suiteMs = events.filter((event) => event.nesting === 0).reduce((sum, event) => sum + event.ms, 0);
      resolve({ passed, failed, log: text + (err.trim() ? `${err.trimEnd()}\n` : ''), tests, suiteMs });
    });
  });
}

/** The closing table: totals per kind, every file's time, and the ten slowest tests. */
export function summarise(results) {
  const kinds = [...new Set(results.map((r) => r.kind))];
  console.log('\n[test] by kind:');
  for (const kind of kinds) {
    const of = results.filter((r) => r.kind === kind);
    const sum = (key) => of.reduce((total, r) => total + r[key], 0);
    console.log(`  ${kind.padEnd(32)} ${String(sum('passed')).padStart(4)} passed ${String(sum('failed')).padStart(3)} failed  ${(sum('ms') / 1000).toFixed(0).padStart(5)} s, ${sum('cpu').toFixed(0).padStart(4)} s CPU in ${of.length} job(s)`);
  }
  console.log('\n[test] each suite (wall time, with others beside it, and CPU of everything it ran; longest first):');
  for (const r of [...results].sort((a, b) => b.ms - a.ms)) {
    const name = r.file ? relative(repoRoot, r.file) : r.name;
    console.log(`  ${(r.ms / 1000).toFixed(1).padStart(6)} s ${r.cpu.toFixed(0).padStart(4)} s CPU  ${r.failed ? '✖' : '✔'} ${r.kind}: ${name}`);
  }
  const tests = results.flatMap((r) => (r.tests ?? []).map((t) => ({ ...t, where: r.file ? relative(repoRoot, r.file) : r.name })));
  console.log('\n[test] the 10 slowest tests:');
  for (const t of tests.sort((a, b) => b.ms - a.ms).slice(0, 10)) console.log(`  ${(t.ms / 1000).toFixed(1).padStart(6)} s  ${t.name}  (${t.where})`);
}
