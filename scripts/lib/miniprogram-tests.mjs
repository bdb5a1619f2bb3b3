// Runs the mini-program's jest suite and reads its counts from jest's JSON report.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pnpmAsync } from './pnpm.mjs';
import { repoRoot } from './paths.mjs';

export async function runMiniprogramTests() {
  const app = join(repoRoot, 'apps', 'miniprogram');
  if (!existsSync(join(app, 'package.json'))) return { passed: 0, failed: 0, log: '', tests: [] };
  const report = join(repoRoot, '.data', 'jest-miniprogram.json');
  rmSync(report, { force: true });
  // Failures are counted from the report below.
  const { output } = await pnpmAsync(['--dir', app, 'exec', 'jest', '--ci', '--json', `--outputFile=${report}`]);
  if (!existsSync(report)) return { passed: 0, failed: 1, log: output, tests: [] };
  const result = JSON.parse(readFileSync(report, 'utf8'));
  const tests = result.testResults.flatMap((file) => file.assertionResults.map((test) => ({ name: test.fullName, ms: test.duration ?? 0 })));
  return { passed: result.numPassedTests, failed: result.numFailedTests + (result.numRuntimeErrorTestSuites ?? 0), log: output, tests };
}
