import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateKeyPairSync } from 'node:crypto';
import { loadRpcIdentity, signRpcMeta } from '@fuel/shared';
import { devRpcIdentity } from '@fuel/devkit';
import { itLeavesEverythingConsistent, metricValue, Platform, waitFor } from './platform.js';

describe('member sign-in (WeChat) and own data', () => {
  let platform: Platform;

  before(async () => {
    platform = await Platform.start();
  });

  after(async () => {
    await platform?.close();
  });

  const code = async (value: string) => platform.request('POST', '/api/v1/auth/wechat/login', { json: { code: value } });
  const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

  it('signs a new member in with a WeChat code: tokens, a normal tier and an empty wallet; session_key is never returned', async () => {
    const response = await code('dev-alice');
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.doesNotMatch(text, /session_?key/i);
    const session = JSON.parse(text) as { accessToken: string; refreshToken: string; user: { tier: string; tierExpiresAt: null; progress: { nextTier: string; toNextTierFen: number } } };
    assert.equal(session.user.tier, 'normal');
    assert.equal(session.user.progress.nextTier, 'silver');
    assert.equal(session.user.progress.toNextTierFen, 100_000);
    const wallet = await platform.request('GET', '/api/v1/me/wallet', { headers: { authorization: `Bearer ${session.accessToken}` } });
    assert.deepEqual(await wallet.json(), { balanceFen: 0, totalRechargedFen: 0, totalSpentFen: 0 });
  });

  it('signs a member in with Alipay (RSA2-signed exchange): same user, same member; a reused code is refused', async () => {
    const login = (code: string) => platform.request('POST', '/api/v1/auth/alipay/login', { json: { code } });
    const first = await login('dev-lily');
    assert.equal(first.status, 200);
    const session = (await first.json()) as { accessToken: string; user: { id: number; tier: string } };
    assert.equal(session.user.tier, 'normal');
    const again = (await (await login('dev-lily.2')).json()) as { user: { id: number } };
    assert.equal(again.user.id, session.user.id);
    assert.equal((await login('dev-lily')).status, 401);
    const pack = (await (await platform.request('GET', '/api/v1/me/coupons', { headers: { authorization: `Bearer ${session.accessToken}` } })).json()) as { fuel: { available: unknown[] } };
    assert.equal(pack.fuel.available.length, 2, 'welcome coupons for Alipay members too');
  });

  it('maps the same name to the same member and different names to different members', async () => {
    const again = await platform.memberSession('dev-alice.2');
    const first = await platform.memberSession('dev-alice.3');
    const bob = await platform.memberSession('dev-bob');
    assert.equal(again.user.id, first.user.id);
    assert.notEqual(bob.user.id, first.user.id);
  });

  it('answers WeChat refusals like the provider: reused or invalid code 401, risk 403, rate limit 429, busy 502', async () => {
    assert.equal((await code('dev-alice')).status, 401); // used above
    assert.equal((await code('not-a-wechat-code')).status, 401);
    assert.equal((await code('dev-risk')).status, 403);
    assert.equal((await code('dev-limit')).status, 429);
    const busy = await code('dev-busy');
    assert.equal(busy.status, 502);
    assert.equal(await errorCode(busy), 'PROVIDER_ERROR');
  });

  it('rotates refresh tokens: each works once, and replaying a used one revokes the rest', async () => {
    const session = await platform.memberSession('dev-carol');
    const refreshed = await platform.request('POST', '/api/v1/auth/refresh', { json: { refreshToken: session.refreshToken } });
    assert.equal(refreshed.status, 200);
    const next = (await refreshed.json()) as { accessToken: string; refreshToken: string };
    assert.notEqual(next.refreshToken, session.refreshToken);
    const replay = await platform.request('POST', '/api/v1/auth/refresh', { json: { refreshToken: session.refreshToken } });
    assert.equal(replay.status, 401);
    // the replay revoked the newer token too
    assert.equal((await platform.request('POST', '/api/v1/auth/refresh', { json: { refreshToken: next.refreshToken } })).status, 401);
    // an Idempotency-Key never turns a sign-in step into a stored, replayable answer
    const fresh = await platform.memberSession('dev-carol.2');
    const withKey = () => platform.request('POST', '/api/v1/auth/refresh', { json: { refreshToken: fresh.refreshToken }, headers: { 'idempotency-key': 'refresh-key-0001' } });
    assert.equal((await withKey()).status, 200);
    assert.equal((await withKey()).status, 401);
  });

  it('keeps /me and /me/wallet to members: 401 without a token, 403 for staff, each member sees only their own', async () => {
    for (const path of ['/api/v1/me', '/api/v1/me/wallet', '/api/v1/me/wallet/records']) {
      assert.equal((await platform.request('GET', path)).status, 401, path);
    }
    const staff = await platform.staffToken('manager.cd-jj-01', '13800000002');
    assert.equal((await platform.request('GET', '/api/v1/me/wallet', { headers: { authorization: `Bearer ${staff}` } })).status, 403);
    const dave = await platform.memberSession('dev-dave');
    const erin = await platform.memberSession('dev-erin');
    const meOf = async (token: string) => ((await (await platform.request('GET', '/api/v1/me', { headers: { authorization: `Bearer ${token}` } })).json()) as { id: number }).id;
    assert.equal(await meOf(dave.accessToken), dave.user.id);
    assert.equal(await meOf(erin.accessToken), erin.user.id);
    // a token whose subject was edited to another member fails its signature
    const [header, payload, signature] = dave.accessToken.split('.');
    const forged = JSON.parse(Buffer.from(payload, 'base64url').toString());
    forged.sub = String(erin.user.id);
    const tampered = `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    assert.equal((await platform.request('GET', '/api/v1/me/wallet', { headers: { authorization: `Bearer ${tampered}` } })).status, 401);
  });

  it('shows a new member exactly two 满200减15 fuel coupons in the card pack, and quotes the best one', async () => {
    const gina = await platform.memberSession('dev-gina');
    const auth = { authorization: `Bearer ${gina.accessToken}` };
    const pack = (await (await platform.request('GET', '/api/v1/me/coupons', { headers: auth })).json()) as Record<string, Record<string, Array<{ thresholdFen: number; discountFen: number }>>>;
    assert.equal(pack.fuel.available.length, 2);
    assert.deepEqual(pack.fuel.available.map((c) => [c.thresholdFen, c.discountFen]), [[20_000, 1_500], [20_000, 1_500]]);
    assert.deepEqual([pack.mall.available.length, pack.any.available.length], [0, 0]);
    const quote = await platform.request('POST', '/api/v1/me/coupons/best', { json: { basket: { kind: 'fuel', grade: '95', amountFen: 25_000 } }, headers: auth });
    assert.equal(quote.status, 200);
    assert.deepEqual(((await quote.json()) as { payableFen: number }).payableFen, 23_500);
    const bad = await platform.request('POST', '/api/v1/me/coupons/best', { json: { basket: { kind: 'fuel', grade: '93', amountFen: -1 } }, headers: auth });
    assert.equal(bad.status, 400);
  });

  it('keeps the card pack to its member: 401 without a token, 403 for staff', async () => {
    assert.equal((await platform.request('GET', '/api/v1/me/coupons')).status, 401);
    assert.equal((await platform.request('POST', '/api/v1/me/coupons/member-day')).status, 401);
    const staff = await platform.staffToken('attendant.cd-jj-02', '13800000005');
    assert.equal((await platform.request('GET', '/api/v1/me/coupons', { headers: { authorization: `Bearer ${staff}` } })).status, 403);
  });

  it('sets the birthday once, the nickname any time, and validates both', async () => {
    const hank = await platform.memberSession('dev-hank');
    const auth = { authorization: `Bearer ${hank.accessToken}` };
    const first = await platform.request('PATCH', '/api/v1/me', { json: { nickname: '老汉', birthday: '1988-11-20' }, headers: auth });
    assert.equal(first.status, 200);
    assert.equal(((await first.json()) as { birthday: string }).birthday, '1988-11-20');
    assert.equal((await platform.request('PATCH', '/api/v1/me', { json: { birthday: '1990-01-01' }, headers: auth })).status, 409);
    assert.equal((await platform.request('PATCH', '/api/v1/me', { json: { nickname: '新名字' }, headers: auth })).status, 200);
    assert.equal((await platform.request('PATCH', '/api/v1/me', { json: { birthday: '1988-13-40' }, headers: auth })).status, 400);
    assert.equal((await platform.request('PATCH', '/api/v1/me', { json: { nickname: 'x' } })).status, 401);
  });

  it('marks the price that applies in station detail: regular for a normal member, the tier price after a recharge', async () => {
    const ivan = await platform.memberSession('dev-ivan');
    const auth = { authorization: `Bearer ${ivan.accessToken}` };
    type Detail = { appliesTo: string | null; prices: Array<{ regularFen: number; memberFen: { silver: number }; yourFen?: number }> };
    const anonymous = (await (await platform.request('GET', '/api/v1/stations/2')).json()) as Detail;
    assert.equal(anonymous.appliesTo, null);
    assert.equal(anonymous.prices[0].yourFen, undefined);
    const normal = (await (await platform.request('GET', '/api/v1/stations/2', { headers: auth })).json()) as Detail;
    assert.equal(normal.appliesTo, 'regular');
    assert.equal(normal.prices[0].yourFen, normal.prices[0].regularFen);
    // The payment service credits a 1000 CNY recharge: silver at once.
    await platform.rpc('user', 'user.wallet.credit', { memberId: ivan.user.id, amountFen: 100_000, kind: 'recharge', idempotencyKey: 'e2e-ivan-recharge' });
    const silver = (await (await platform.request('GET', '/api/v1/stations/2', { headers: auth })).json()) as Detail;
    assert.equal(silver.appliesTo, 'silver');
    assert.equal(silver.prices[0].yourFen, silver.prices[0].memberFen.silver);
    const me = (await (await platform.request('GET', '/api/v1/me', { headers: auth })).json()) as { tier: string; tierExpiresAt: string };
    assert.equal(me.tier, 'silver');
    const wallet = (await (await platform.request('GET', '/api/v1/me/wallet', { headers: auth })).json()) as { balanceFen: number };
    assert.equal(wallet.balanceFen, 100_000);
    // A member may not read another member's pricing, even over RPC.
    await assert.rejects(platform.rpc('user', 'user.members.pricing', { memberId: ivan.user.id + 1 }, { kind: 'member', id: String(ivan.user.id) }), (e: { code: string }) => e.code === 'FORBIDDEN');
  });

  it('binds a phone from a getPhoneNumber code, stored SM4-encrypted, and one member per phone', async () => {
    const jack = await platform.memberSession('dev-jack');
    const kate = await platform.memberSession('dev-kate');
    const bind = (token: string, code: string) => platform.request('POST', '/api/v1/me/phone', { json: { code }, headers: { authorization: `Bearer ${token}` } });
    const bound = await bind(jack.accessToken, 'phone-13912345678');
    assert.equal(bound.status, 200);
    assert.equal(((await bound.json()) as { phoneMasked: string }).phoneMasked, '139****5678');
    assert.equal((await bind(kate.accessToken, 'phone-13912345678.2')).status, 409); // the same number, bound to jack
    assert.equal((await bind(kate.accessToken, 'phone-13912345678')).status, 400); // that code was used
    assert.equal((await bind(kate.accessToken, 'not-a-code')).status, 400);
    assert.equal((await platform.request('POST', '/api/v1/me/phone', { json: { code: 'phone-13900000000' } })).status, 401);
    const { createConnection } = await import('mysql2/promise');
    const db = await createConnection(platform.databases.user.url);
    const [rows] = await db.query('SELECT phone_enc, phone_bidx FROM members WHERE id = ?', [jack.user.id]);
    await db.end();
    const row = (rows as Array<{ phone_enc: string; phone_bidx: string }>)[0];
    assert.match(row.phone_enc, /^sm4v2:dev1:/);
    assert.doesNotMatch(row.phone_enc, /13912345678/);
    assert.match(row.phone_bidx, /^[0-9a-f]{64}$/);
  });

  it('refuses every member route without a member token (401) and to staff (403)', async () => {
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/api/v1/me'],
      ['PATCH', '/api/v1/me', { nickname: 'x' }],
      ['POST', '/api/v1/me/phone', { code: 'phone-13800000000' }],
      ['GET', '/api/v1/me/wallet'],
      ['GET', '/api/v1/me/wallet/records'],
      ['GET', '/api/v1/me/coupons'],
      ['POST', '/api/v1/me/coupons/member-day'],
      ['POST', '/api/v1/me/coupons/best', { basket: { kind: 'fuel', grade: '92', amountFen: 20_000 } }],
    ];
    const staff = await platform.staffToken('admin.wh', '13800000006');
    for (const [method, path, json] of routes) {
      assert.equal((await platform.request(method, path, { json })).status, 401, `${method} ${path} without a token`);
      assert.equal((await platform.request(method, path, { json, headers: { authorization: `Bearer ${staff}` } })).status, 403, `${method} ${path} as staff`);
    }
  });

  it('validates the login body and the records query', async () => {
    assert.equal((await platform.request('POST', '/api/v1/auth/wechat/login', { json: { code: '' } })).status, 400);
    assert.equal((await platform.request('POST', '/api/v1/auth/wechat/login', { json: { code: 'dev-x', extra: 1 } })).status, 400);
    const frank = await platform.memberSession('dev-frank');
    const bad = await platform.request('GET', '/api/v1/me/wallet/records?kind=gifts', { headers: { authorization: `Bearer ${frank.accessToken}` } });
    assert.equal(bad.status, 400);
    const ok = await platform.request('GET', '/api/v1/me/wallet/records?kind=recharge', { headers: { authorization: `Bearer ${frank.accessToken}` } });
    assert.deepEqual(await ok.json(), { items: [], total: 0, page: 1, pageSize: 20 });
  });

  it('refuses a raw TCP call to a service with an unsigned, forged, tampered or stale envelope, and logs it', async () => {
    const lily = await platform.memberSession('dev-lily');
    const data = { memberId: lily.user.id, amountFen: 500_000, kind: 'recharge', idempotencyKey: 'e2e-forged-credit' };
    const system = { kind: 'system' as const, id: 'payment' };
    const refused = (e: { code: string }) => e.code === 'UNAUTHENTICATED';
    // Reaching the port is not enough to act as the payment service.
    await assert.rejects(platform.rawRpc('user', 'user.wallet.credit', { meta: { requestId: 'e2e-forged-0001', actor: system }, data }), refused);
    const stranger = loadRpcIdentity('payment', { RPC_PRIVATE_KEY: generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() });
    const forged = signRpcMeta(stranger, 'user.wallet.credit', { requestId: 'e2e-forged-0002', actor: system }, data);
    await assert.rejects(platform.rawRpc('user', 'user.wallet.credit', { meta: forged, data }), refused, 'signed with a key that is not the payment service’s');
    const signedSmall = signRpcMeta(devRpcIdentity('payment'), 'user.wallet.credit', { requestId: 'e2e-forged-0003', actor: system }, { ...data, amountFen: 100 });
    await assert.rejects(platform.rawRpc('user', 'user.wallet.credit', { meta: signedSmall, data }), refused, 'a signed envelope with another payload');
    const old = signRpcMeta(devRpcIdentity('payment'), 'user.wallet.credit', { requestId: 'e2e-forged-0004', actor: system }, data, Date.now() - 10 * 60_000);
    await assert.rejects(platform.rawRpc('user', 'user.wallet.credit', { meta: old, data }), refused, 'an envelope from ten minutes ago');
    const wallet = (await (await platform.request('GET', '/api/v1/me/wallet', { headers: { authorization: `Bearer ${lily.accessToken}` } })).json()) as { balanceFen: number };
    assert.equal(wallet.balanceFen, 0, 'no forged credit landed');
    const refusals = () => platform.logs('user').filter((line) => line.includes('rpc envelope refused'));
    for (const reason of ['unsigned', 'bad-signature', 'stale']) {
      await waitFor(() => refusals().some((line) => line.includes(`"reason":"${reason}"`)), 5_000, `the refusal logged: ${reason}`);
    }
    // A correctly signed call as the payment service goes through.
    await platform.rpc('user', 'user.wallet.credit', { ...data, idempotencyKey: 'e2e-signed-credit' }, system);
    const after = (await (await platform.request('GET', '/api/v1/me/wallet', { headers: { authorization: `Bearer ${lily.accessToken}` } })).json()) as { balanceFen: number };
    assert.equal(after.balanceFen, 500_000);
  });

  it("refuses the gateway's key speaking as the payment service, a replayed envelope, and a caller not on the pattern's list; nothing changes", async () => {
    const mia = await platform.memberSession('dev-mia');
    const balance = async () => ((await (await platform.request('GET', '/api/v1/me/wallet', { headers: { authorization: `Bearer ${mia.accessToken}` } })).json()) as { balanceFen: number }).balanceFen;
    const data = (key: string) => ({ memberId: mia.user.id, amountFen: 300_000, kind: 'recharge', idempotencyKey: key });
    const system = { kind: 'system' as const, id: 'payment' };
    // Whoever holds the internet-facing gateway's key signs as `payment`: the signature is checked with the payment
    // service's own key, so the name alone is worth nothing.
    const gatewayKey = devRpcIdentity('gateway');
    const posingAsPayment = { ...gatewayKey, name: 'payment', kid: devRpcIdentity('payment').kid };
    const asPayment = signRpcMeta(posingAsPayment, 'user.wallet.credit', { requestId: 'e2e-posing-0001', actor: system }, data('e2e-posing'));
    await assert.rejects(platform.rawRpc('user', 'user.wallet.credit', { meta: asPayment, data: data('e2e-posing') }), (e: { code: string }) => e.code === 'UNAUTHENTICATED');
    // …and as itself it may not credit a wallet: the gateway is not among user.wallet.credit's callers.
    const asGateway = signRpcMeta(gatewayKey, 'user.wallet.credit', { requestId: 'e2e-posing-0002', actor: { kind: 'member', id: String(mia.user.id) } }, data('e2e-gateway'));
    await assert.rejects(platform.rawRpc('user', 'user.wallet.credit', { meta: asGateway, data: data('e2e-gateway') }), (e: { code: string }) => e.code === 'FORBIDDEN');
    // The order service may not either, even signing as itself with its own key and a system actor.
    await assert.rejects(platform.rpc('user', 'user.wallet.credit', data('e2e-as-order'), { kind: 'system', id: 'order' }), (e: { code: string }) => e.code === 'FORBIDDEN');
    assert.equal(await balance(), 0, 'nothing credited');
    // A valid envelope from the payment service is accepted once; the same envelope again is a replay.
    const genuine = signRpcMeta(devRpcIdentity('payment'), 'user.wallet.credit', { requestId: 'e2e-replay-0001', actor: system }, data('e2e-replayed'));
    await platform.rawRpc('user', 'user.wallet.credit', { meta: genuine, data: data('e2e-replayed') });
    await assert.rejects(platform.rawRpc('user', 'user.wallet.credit', { meta: genuine, data: data('e2e-replayed') }), (e: { code: string }) => e.code === 'UNAUTHENTICATED');
    assert.equal(await balance(), 300_000, 'credited once');
    // The service's log reaches us through a pipe, possibly after its answer did.
    const refused = (reason: string) => platform.logs('user').some((line) => line.includes('rpc envelope refused') && line.includes(`"reason":"${reason}"`));
    for (const reason of ['bad-signature', 'caller-not-allowed', 'replayed']) await waitFor(() => refused(reason), 5_000, `the refusal logged: ${reason}`);
    const metrics = await platform.metrics('user');
    assert.ok(metricValue(metrics, 'fuel_rpc_server_calls_total', { pattern: 'user.wallet.credit', outcome: 'refused:caller-not-allowed' }) >= 2);
  });

  itLeavesEverythingConsistent(() => platform);

});
