import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from './platform.js';

function run(script: string, env: Record<string, string>) {
  return spawnSync(process.execPath, [join(repoRoot, script)], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 30_000 });
}

describe('a process with bad configuration stops at start, naming the variable', () => {
  it('a service exits 78 naming RPC_PORT and DATABASE_URL', () => {
    const result = run('services/map/dist/src/main.js', { RPC_PORT: 'not-a-port', DATABASE_URL: 'postgres://db/x' });
    assert.equal(result.status, 78);
    assert.match(result.stderr, /RPC_PORT/);
    assert.match(result.stderr, /DATABASE_URL/);
    assert.doesNotMatch(result.stderr, /at .+\.js:\d+/, 'no stack trace');
  });

  it('the gateway exits 78 naming PORT', () => {
    const result = run('services/gateway/dist/src/main.js', { PORT: '70000' });
    assert.equal(result.status, 78);
    assert.match(result.stderr, /PORT/);
  });

  it('the user service refuses the development secrets in production', () => {
    const result = run('services/user/dist/src/main.js', { NODE_ENV: 'production', RPC_PORT: '45999' });
    assert.equal(result.status, 78);
    assert.match(result.stderr, /JWT_SECRET/);
  });
});
