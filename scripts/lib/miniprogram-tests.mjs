// Runs the mini-program's jest suite and reads its counts from jest's JSON report.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pnpm } from './pnpm.mjs';
import { repoRoot } from './paths.mjs';

export async function runMiniprogramTests() {
  const app = join(repoRoot, 'apps', 'miniprogram');
  if (!existsSync(join(app, 'package.json'))) return { passed: 0, failed: 0 };
  const report = join(repoRoot, '.data', 'jest-miniprogram.json');
  rmSync(report, { force: true });
  console.log('\n[test] mini-program (jest)');
  try {
    pnpm(['--dir', app, 'exec', 'jest', '--ci', '--json', `--outputFile=${report}`]);
  } catch {
    // failures are counted from the report below
  }
  if (!existsSync(report)) return { passed: 0, failed: 1 };
  const result = JSON.parse(readFileSync(report, 'utf8'));
  const counts = { passed: result.numPassedTests, failed: result.numFailedTests + (result.numRuntimeErrorTestSuites ?? 0) };
  console.log(`[test] mini-program: ${counts.passed} passed, ${counts.failed} failed`);
  return counts;
}
