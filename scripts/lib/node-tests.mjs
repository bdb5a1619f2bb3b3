// Runs compiled node:test files and counts leaf tests (suites are not counted; a file that crashes
// before its tests run counts as one failure).
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { repoRoot } from './paths.mjs';

export function findFiles(dir, suffixes) {
  const found = [];
  const walk = (current) => {
    let entries;
    try {
      entries = readdirSync(current);
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry === 'node_modules') continue;
      const path = join(current, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (suffixes.some((s) => entry.endsWith(s))) found.push(path);
    }
  };
  walk(dir);
  return found.sort();
}

/** Compiled test files of every workspace package, by kind. */
export function testFiles(kind) {
  const suffix = { unit: ['.spec.js'], int: ['.int-spec.js'], e2e: ['.e2e-spec.js'] }[kind];
  const roots = ['libs', 'services', 'e2e'].flatMap((top) => {
    const base = join(repoRoot, top);
    if (top === 'e2e') return [join(base, 'dist')];
    try {
      return readdirSync(base).map((pkg) => join(base, pkg, 'dist'));
    } catch {
      return [];
    }
  });
  return roots
    .flatMap((root) => findFiles(root, suffix))
    .filter((file) => kind !== 'unit' || !/\.(int|e2e)-spec\.js$/.test(file));
}

export async function runNodeTests(label, files, { concurrency = 1, timeout = 300_000 } = {}) {
  const counts = { passed: 0, failed: 0 };
  if (files.length === 0) return counts;
  console.log(`\n[test] ${label}: ${files.length} file(s)\n${files.map((f) => `  ${relative(repoRoot, f)}`).join('\n')}`);
  const stream = run({ files, concurrency, timeout });
  stream.on('test:pass', (data) => {
    if (data.details?.type !== 'suite') counts.passed++;
  });
  stream.on('test:fail', (data) => {
    if (data.details?.type !== 'suite') counts.failed++;
  });
  await new Promise((resolve, reject) => {
    const out = stream.compose(spec);
    out.pipe(process.stdout, { end: false });
    out.on('end', resolve);
    out.on('error', reject);
  });
  console.log(`[test] ${label}: ${counts.passed} passed, ${counts.failed} failed`);
  return counts;
}
