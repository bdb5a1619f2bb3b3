import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { developmentEnv } from '@fuel/devkit';
import { repoRoot } from './platform.js';

function run(script: string, env: Record<string, string>) {
  return spawnSync(process.execPath, [join(repoRoot, script)], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 30_000 });
}

describe('a process with bad configuration stops at start, naming the variable', () => {
  it('a service exits 78 naming RPC_PORT and DATABASE_URL', () => {
    const result = run('services/map/dist/bundle/main.mjs', { RPC_PORT: 'not-a-port', DATABASE_URL: 'postgres://db/x' });
    assert.equal(result.status, 78);
    assert.match(result.stderr, /RPC_PORT/);
    assert.match(result.stderr, /DATABASE_URL/);
    assert.doesNotMatch(result.stderr, /at .+\.js:\d+/, 'no stack trace');
  });

  it('the gateway exits 78 naming PORT', () => {
    const result = run('services/gateway/dist/bundle/main.mjs', { PORT: '70000' });
    assert.equal(result.status, 78);
    assert.match(result.stderr, /PORT/);
  });

  it('a service and the gateway refuse a test clock in production, naming TEST_NOW', () => {
    for (const script of ['services/order/dist/bundle/main.mjs', 'services/gateway/dist/bundle/main.mjs']) {
      const result = run(script, { ...developmentEnv(script.includes('gateway') ? 'gateway' : 'order'), NODE_ENV: 'production', TEST_NOW: '2027-01-31T23:30:00+08:00', RPC_PORT: '45998', PORT: '45997' });
      assert.equal(result.status, 78, script);
      assert.match(result.stderr, /TEST_NOW: a test clock must not be set in production/, script);
      assert.doesNotMatch(result.stderr, /at .+\.js:\d+/, 'no stack trace');
    }
  });

  it('a service refuses a TEST_NOW that is no instant, naming it', () => {
    const result = run('services/map/dist/bundle/main.mjs', { ...developmentEnv('map'), TEST_NOW: '2027-02-30T10:00:00', RPC_PORT: '45996' });
    assert.equal(result.status, 78);
    assert.match(result.stderr, /TEST_NOW: must be an ISO-8601 instant/);
  });

  it('the user service refuses the development credentials in production, naming each', () => {
    const result = run('services/user/dist/bundle/main.mjs', { ...developmentEnv('user'), NODE_ENV: 'production', RPC_PORT: '45999' });
    assert.equal(result.status, 78);
    for (const name of ['JWT_SECRET', 'FIELD_MAC_KEYS', 'RPC_PRIVATE_KEY', 'SMS_ACCESS_KEY_SECRET', 'WECHAT_APP_SECRET', 'ALIPAY_APP_PRIVATE_KEY']) {
      assert.match(result.stderr, new RegExp(`${name}: the development value must not be used in production`), name);
    }
  });

  it('a credential has no default anywhere: the payment service started with none names each one it needs', () => {
    const result = run('services/payment/dist/bundle/main.mjs', { RPC_PORT: '45995' });
    assert.equal(result.status, 78);
    for (const name of ['RPC_PUBLIC_KEYS', 'WECHAT_APP_ID', 'WECHATPAY_MCH_ID', 'WECHATPAY_API_V3_KEY', 'WECHATPAY_MERCHANT_PRIVATE_KEY', 'ALIPAY_APP_PRIVATE_KEY', 'ALIPAY_SELLER_ID']) {
      assert.match(result.stderr, new RegExp(`${name}:`), name);
    }
    assert.doesNotMatch(result.stderr, /at .+\.js:\d+/, 'no stack trace');
  });
});
