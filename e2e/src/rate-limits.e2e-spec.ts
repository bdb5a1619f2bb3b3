/**
 * Rate limits at the gateway, with small limits so that a test reaches them: sign-in per client address and per
 * username, every mutating route per client address and per account, provider callbacks never; 429 RATE_LIMITED in
 * the error envelope with Retry-After; one count across gateway instances (Redis). The client address comes from
 * X-Forwarded-For only when the peer is a trusted proxy (TRUST_PROXY), and it is the address the audit log keeps.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createConnection } from 'mysql2/promise';
import { itLeavesEverythingConsistent, Platform, waitFor } from './platform.js';

const LIMITS = { RATE_LIMIT_SIGNIN_PER_IP: '8', RATE_LIMIT_SIGNIN_PER_USERNAME: '3', RATE_LIMIT_WRITES_PER_IP: '30', RATE_LIMIT_WRITES_PER_ACCOUNT: '5' };

describe('rate limits: per client and per account, 429 with Retry-After, shared by every gateway', () => {
  let platform: Platform;
  let secondGateway: string;
  let untrustingGateway: string;

  before(async () => {
    // The gateways trust 127.0.0.1 as a proxy, so each test can speak as several clients through X-Forwarded-For.
    platform = await Platform.start({ env: { ...LIMITS, TRUST_PROXY: '127.0.0.1' } });
    secondGateway = await platform.startAnotherGateway('gateway-b');
    untrustingGateway = await platform.startAnotherGateway('gateway-untrusting', { TRUST_PROXY: '' });
  });

  after(() => platform?.close());

  const send = (base: string, method: string, path: string, client: string, json?: unknown, authorization?: string) =>
    fetch(`${base}${path}`, {
      method,
      headers: { 'x-forwarded-for': client, ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...(authorization ? { authorization } : {}) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
  const signIn = (client: string, code: string, base = platform.url) => send(base, 'POST', '/api/v1/auth/wechat/login', client, { code });
  const member = async (client: string, code: string) => `Bearer ${((await (await signIn(client, code)).json()) as { accessToken: string }).accessToken}`;
  const quote = (client: string, authorization: string, base = platform.url) => send(base, 'POST', '/api/v1/orders/fuel/quote', client, { stationId: 1, pumpNumber: 1, grade: '92', amountFen: 30_000, couponIds: [] }, authorization);
  async function assertLimited(response: Response, limit: string): Promise<void> {
    const body = (await response.json()) as { error: { code: string; message: string; requestId: string; details: { limit: string; retryAfterSeconds: number } } };
    assert.equal(response.status, 429, JSON.stringify(body));
    assert.equal(body.error.code, 'RATE_LIMITED');
    assert.equal(body.error.message, '操作过于频繁，请稍后再试');
    assert.equal(body.error.details.limit, limit);
    assert.ok(body.error.requestId);
    const retryAfter = Number(response.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${response.headers.get('retry-after')}`);
    assert.equal(retryAfter, body.error.details.retryAfterSeconds);
  }

  it('limits the staff password step per username, from any address', async () => {
    const login = (client: string, username: string) => send(platform.url, 'POST', '/api/v1/staff/auth/login', client, { username, password: 'Wrong@2026' });
    for (let i = 0; i < 3; i++) assert.equal((await login(`198.51.100.${i + 1}`, 'nobody.rl')).status, 401);
    await assertLimited(await login('198.51.100.9', 'nobody.rl'), 'signin-user');
    assert.equal((await login('198.51.100.9', 'nobody.other')).status, 401, 'another username is not limited');
  });

  it('limits sign-in per client address; another address signs in', async () => {
    for (let i = 0; i < 8; i++) assert.equal((await signIn('203.0.113.1', `dev-rl-address-${i}`)).status, 200);
    await assertLimited(await signIn('203.0.113.1', 'dev-rl-address-8'), 'signin-ip');
    assert.equal((await signIn('203.0.113.2', 'dev-rl-address-8')).status, 200);
  });

  it("limits an account's writes, not its reads, and not another account's", async () => {
    const first = await member('203.0.113.10', 'dev-rl-writer');
    for (let i = 0; i < 5; i++) assert.equal((await quote('203.0.113.10', first)).status, 200);
    await assertLimited(await quote('203.0.113.11', first), 'write-account');
    assert.equal((await send(platform.url, 'GET', '/api/v1/me/wallet', '203.0.113.10', undefined, first)).status, 200, 'reads go on');
    assert.equal((await quote('203.0.113.10', await member('203.0.113.10', 'dev-rl-other-writer'))).status, 200);
  });

  it('limits the writes of one client address across accounts', async () => {
    const client = '203.0.113.20';
    const accounts = await Promise.all(Array.from({ length: 7 }, (_, i) => member('203.0.113.21', `dev-rl-crowd-${i}`)));
    for (let i = 0; i < 30; i++) assert.equal((await quote(client, accounts[Math.floor(i / 5)]!)).status, 200, `write ${i + 1}`);
    await assertLimited(await quote(client, accounts[6]!), 'write-ip');
  });

  it('never limits provider callbacks (they retry on their own)', async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 40; i++) statuses.add((await send(platform.url, 'POST', '/api/v1/payments/wechat/notify', '203.0.113.30', { id: `evt-${i}` })).status);
    assert.ok(!statuses.has(429), `statuses ${[...statuses].join(',')}`);
  });

  it('counts once across gateway instances', async () => {
    const authorization = await member('203.0.113.40', 'dev-rl-two-gateways');
    for (let i = 0; i < 3; i++) assert.equal((await quote('203.0.113.40', authorization)).status, 200);
    for (let i = 0; i < 2; i++) assert.equal((await quote('203.0.113.40', authorization, secondGateway)).status, 200);
    await assertLimited(await quote('203.0.113.40', authorization, secondGateway), 'write-account');
  });

  it('takes X-Forwarded-For only from a trusted proxy, and audits the address it names', async () => {
    // Without trust, forged addresses do not escape the per-address limit: all of these come from 127.0.0.1.
    const statuses = [];
    for (let i = 0; i < 9; i++) statuses.push((await signIn(`192.0.2.${i}`, `dev-rl-forged-${i}`, untrustingGateway)).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 200, 200, 429]);
    // Through the trusting gateway, the staff sign-in is audited with the client's address.
    const login = await send(platform.url, 'POST', '/api/v1/staff/auth/login', '203.0.113.77', { username: 'manager.cd-jj-01', password: 'Fuel@2026' });
    assert.equal(login.status, 200);
    const db = await createConnection(platform.databases.user.url);
    try {
      const latestIp = async () => ((await db.query("SELECT ip FROM staff_audit_log WHERE username = 'manager.cd-jj-01' ORDER BY seq DESC LIMIT 1"))[0] as Array<{ ip: string }>)[0]?.ip;
      await waitFor(async () => (await latestIp()) !== undefined, 5_000, 'the sign-in audited');
      assert.equal(await latestIp(), '203.0.113.77');
    } finally {
      await db.end();
    }
  });

  itLeavesEverythingConsistent(() => platform);
});
