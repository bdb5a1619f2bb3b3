/**
 * The staff entry end to end on the real services: sign-in (password, then the SMS code; the limits on both),
 * server-side sessions (sign-out, disable, idle time), staff administration with one-time passwords, redemption
 * at the counter (pickup codes and paid fuel orders; once, even when two attendants race), the manager's stock and
 * figures, every staff route against every role and scope, and the hash-chained audit log that the service's own
 * database account cannot change.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { memberContracts, type AuditRecord, type OneTimePassword, type Order, type PaymentStart, type RedemptionPreview, type RedemptionResult, type RegionDashboard, type StationStats, type StockLevel } from '@fuel/shared';
import { TEST_REDIS_URL } from '@fuel/devkit/testing';
import { createConnection, type Connection } from 'mysql2/promise';
import { Platform, waitFor } from './platform.js';

type Envelope = { error: { code: string; message: string; details?: unknown } };

describe('staff entry: sessions, administration, redemption, stock, figures and the audit log', () => {
  let platform: Platform;
  let orderDb: Connection;
  let userDb: Connection;
  let member: Record<string, string>;
  let memberId: number;
  const tokens: Record<string, string> = {};

  /** Password, then the code the SMS stand-in received; returns the raw verify response. */
  async function signIn(username: string, phone: string, password = 'Fuel@2026') {
    const login = await platform.request('POST', '/api/v1/staff/auth/login', { json: { username, password } });
    assert.equal(login.status, 200, `${username}: ${await login.clone().text()}`);
    const { challengeId } = (await login.json()) as { challengeId: string };
    const code = (await platform.smsTo(phone)).at(-1)!.params.code!;
    return { challengeId, code, verify: () => platform.request('POST', '/api/v1/staff/auth/verify', { json: { challengeId, code } }) };
  }
  async function tokenFor(username: string, phone: string): Promise<string> {
    const response = await (await signIn(username, phone)).verify();
    assert.equal(response.status, 200);
    return ((await response.json()) as { accessToken: string }).accessToken;
  }
  const as = (token: string | undefined): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
  const call = (method: string, path: string, token: string | undefined, json?: unknown) => platform.request(method, path, { headers: as(token), ...(json === undefined ? {} : { json }) });

  async function auditRows(where = '1 = 1', params: unknown[] = []): Promise<Array<Record<string, unknown>>> {
    const [rows] = await userDb.query(`SELECT * FROM staff_audit_log WHERE ${where} ORDER BY seq`, params);
    return rows as Array<Record<string, unknown>>;
  }

  async function buyPickup(stationId = 1): Promise<Order> {
    const products = (await (await platform.request('GET', `/api/v1/products?stationId=${stationId}&category=convenience`)).json()) as { items: Array<{ id: number; stock: number }> };
    const product = products.items.find((p) => p.stock > 0)!;
    const placed = (await (await platform.request('POST', '/api/v1/orders/mall', { json: { stationId, lines: [{ productId: product.id, quantity: 1 }], couponIds: [] }, headers: member })).json()) as Order;
    const paid = (await (await platform.request('POST', `/api/v1/payments/intents/${placed.intentNo}/attempts`, { json: { method: 'wallet' }, headers: member })).json()) as PaymentStart;
    assert.equal(paid.wallet?.status, 'succeeded');
    let ready: Order | undefined;
    await waitFor(async () => (ready = (await (await platform.request('GET', `/api/v1/orders/${placed.orderNo}`, { headers: member })).json()) as Order).status === 'ready_for_pickup', 10_000, 'ready for pickup');
    return ready!;
  }

  async function buyFuel(stationId = 1): Promise<Order> {
    const station = (await (await platform.request('GET', `/api/v1/stations/${stationId}`)).json()) as { pumps: Array<{ number: number; nozzles: Array<{ grade: string }> }> };
    const pump = station.pumps[0]!;
    const placed = (await (await platform.request('POST', '/api/v1/orders/fuel', { json: { stationId, pumpNumber: pump.number, grade: pump.nozzles[0]!.grade, amountFen: 10_000, couponIds: [] }, headers: member })).json()) as Order;
    await platform.request('POST', `/api/v1/payments/intents/${placed.intentNo}/attempts`, { json: { method: 'wallet' }, headers: member });
    await waitFor(async () => ((await (await platform.request('GET', `/api/v1/orders/${placed.orderNo}`, { headers: member })).json()) as Order).status === 'paid', 10_000, 'fuel order paid');
    return placed;
  }

  before(async () => {
    // The real SMS interval (60 s) and daily cap; a short code lifetime is not needed (expiry is shown on the key).
    platform = await Platform.start({ env: { STAFF_SMS_MIN_INTERVAL_SECONDS: '60', STAFF_SMS_DAILY_CAP: '10', STAFF_CHANNEL_SESSION_CHECK_MS: '300' } });
    orderDb = await createConnection(platform.databases.order.url);
    userDb = await createConnection(platform.databases.user.url);
    const session = await platform.memberSession('dev-staff-e2e-driver');
    member = { authorization: `Bearer ${session.accessToken}` };
    memberId = session.user.id;
    await platform.rpc('user', memberContracts.credit.pattern, { memberId: session.user.id, amountFen: 500_000, kind: 'recharge', idempotencyKey: 'e2e-staff-topup-1' }, { kind: 'system', id: 'payment' });
    const accounts: Array<[string, string]> = [
      ['attendant.cd-jj-01', '13800000003'],
      ['manager.cd-jj-01', '13800000002'],
      ['manager.cd-jj-02', '13800000004'],
      ['attendant.cd-jj-02', '13800000005'],
      ['admin.jj', '13800000001'],
      ['admin.wh', '13800000006'],
    ];
    for (const [username, phone] of accounts) tokens[username] = await tokenFor(username, phone);
  });

  after(async () => {
    await orderDb?.end();
    await userDb?.end();
    await platform?.close();
  });

  describe('sign-in and sessions', () => {
    it('gives no session for a correct password alone: the challenge is not a token', async () => {
      const { challengeId } = await signIn('manager.cd-gx-01', '13800000012');
      assert.equal((await call('GET', '/api/v1/staff/me', challengeId)).status, 401);
    });

    it('refuses a second SMS code to the same phone within 60 s with 429 and Retry-After', async () => {
      const again = await platform.request('POST', '/api/v1/staff/auth/login', { json: { username: 'manager.cd-gx-01', password: 'Fuel@2026' } });
      assert.equal(again.status, 429);
      assert.equal(again.headers.get('retry-after'), '60');
      assert.equal(((await again.json()) as Envelope).error.code, 'RATE_LIMITED');
    });

    it('locks the account after 5 wrong SMS codes: even the right code is then refused (423)', async () => {
      const { challengeId, code } = await signIn('attendant.cd-gx-01', '13800000013');
      const wrong = code === '000000' ? '111111' : '000000';
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await platform.request('POST', '/api/v1/staff/auth/verify', { json: { challengeId, code: wrong } })).status);
      assert.deepEqual(statuses, [401, 401, 401, 401, 423]);
      const right = await platform.request('POST', '/api/v1/staff/auth/verify', { json: { challengeId, code } });
      assert.notEqual(right.status, 200);
      const login = await platform.request('POST', '/api/v1/staff/auth/login', { json: { username: 'attendant.cd-gx-01', password: 'Fuel@2026' } });
      assert.equal(login.status, 423, 'the password step is locked too');
    });

    it('refuses an expired SMS code', async () => {
      const { challengeId, verify } = await signIn('manager.cd-gx-02', '13800000014');
      const redis = new Redis(TEST_REDIS_URL);
      try {
        // Five minutes pass: the code's key lapses as Redis would let it.
        await redis.pexpire(`${platform.redisPrefix}staff:challenge:${challengeId}`, 1);
      } finally {
        redis.disconnect();
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      const response = await verify();
      assert.equal(response.status, 401);
      assert.match(((await response.json()) as Envelope).error.message, /验证码已失效/);
    });

    it('ends a session at sign-out at once', async () => {
      const token = await tokenFor('manager.cd-wh-01', '13800000007');
      assert.equal((await call('GET', '/api/v1/staff/me', token)).status, 200);
      assert.equal((await call('POST', '/api/v1/staff/auth/logout', token)).status, 200);
      const after = await call('GET', '/api/v1/staff/me', token);
      assert.equal(after.status, 401);
    });

    it('ends an open session at once when the regional admin disables the account, and refuses its sign-in', async () => {
      const token = await tokenFor('attendant.cd-wh-01', '13800000008');
      assert.equal((await call('GET', '/api/v1/staff/stations/9/pump-board', token)).status, 200);
      const disabled = await call('POST', '/api/v1/staff/accounts/8/disable', tokens['admin.wh']);
      assert.equal(disabled.status, 200, await disabled.clone().text());
      assert.equal((await call('GET', '/api/v1/staff/stations/9/pump-board', token)).status, 401);
      const login = await platform.request('POST', '/api/v1/staff/auth/login', { json: { username: 'attendant.cd-wh-01', password: 'Fuel@2026' } });
      assert.equal(login.status, 401);
    });

    it('expires a session left idle: each request restarts the 30-minute clock, and a lapsed one is refused', async () => {
      const token = tokens['manager.cd-jj-02']!;
      const sessionId = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sid as string;
      // Sessions are rows in the user service's database (not Redis: the counter works through a Redis outage).
      const lastSeen = async (at?: Date) => {
        if (at) await userDb.query('UPDATE staff_sessions SET last_seen_at = ? WHERE session_id = ?', [at, sessionId]);
        return ((await userDb.query('SELECT last_seen_at AS at FROM staff_sessions WHERE session_id = ?', [sessionId]))[0] as Array<{ at: Date }>)[0]!.at;
      };
      const minutesAgo = (minutes: number) => new Date(platform.now.getTime() - minutes * 60_000);
      await lastSeen(minutesAgo(29.9));
      assert.equal((await call('GET', '/api/v1/staff/me', token)).status, 200, 'used within 30 minutes');
      assert.ok(platform.now.getTime() - (await lastSeen()).getTime() < 60_000, 'the idle clock restarted');
      // 30 minutes without a request.
      await lastSeen(minutesAgo(30.1));
      const response = await call('GET', '/api/v1/staff/me', token);
      assert.equal(response.status, 401);
      assert.match(((await response.json()) as Envelope).error.message, /登录已超时/);
    });
  });

  describe('staff administration', () => {
    let created: OneTimePassword;

    it('creates an attendant with a one-time password that must be changed before anything else', async () => {
      const response = await call('POST', '/api/v1/staff/accounts', tokens['admin.jj'], { username: 'attendant2.cd-jj-01', displayName: '成都金角一站加油员二', role: 'attendant', stationId: 1, phone: '13900000001' });
      assert.equal(response.status, 201, await response.clone().text());
      created = (await response.json()) as OneTimePassword;
      assert.equal(created.account.mustChangePassword, true);
      assert.equal(created.account.regionCode, 'JJ');
      const { verify } = await signIn('attendant2.cd-jj-01', '13900000001', created.oneTimePassword);
      const session = (await (await verify()).json()) as { accessToken: string; mustChangePassword: boolean };
      assert.equal(session.mustChangePassword, true);
      tokens['attendant2.cd-jj-01'] = session.accessToken;
      const blocked = await call('GET', '/api/v1/staff/stations/1/pump-board', session.accessToken);
      assert.equal(blocked.status, 403);
      assert.equal(((await blocked.json()) as Envelope).error.code, 'PASSWORD_CHANGE_REQUIRED');
    });

    it('holds new passwords to the rule (8+, three classes, not the username) and then opens the account', async () => {
      const token = tokens['attendant2.cd-jj-01']!;
      for (const [newPassword, message] of [['Ab1@xyz', /至少 8 位/], ['abcdefgh12', /至少三类/], ['Attendant2.cd-jj-01!', /用户名/]] as const) {
        const refused = await call('POST', '/api/v1/staff/me/password', token, { currentPassword: created.oneTimePassword, newPassword });
        assert.equal(refused.status, 400);
        const body = (await refused.json()) as Envelope;
        assert.match(body.error.message, message);
        assert.deepEqual((body.error.details as { fields: Array<{ field: string }> }).fields.map((f) => f.field), ['body.newPassword']);
      }
      const changed = await call('POST', '/api/v1/staff/me/password', token, { currentPassword: created.oneTimePassword, newPassword: 'Station#2026a' });
      assert.equal(changed.status, 200, await changed.clone().text());
      assert.equal((await call('GET', '/api/v1/staff/stations/1/pump-board', token)).status, 200);
    });

    it('lists only the admin’s region and refuses accounts and stations of another region', async () => {
      const list = (await (await call('GET', '/api/v1/staff/accounts', tokens['admin.jj'])).json()) as Array<{ username: string; regionCode: string }>;
      assert.ok(list.length >= 5 && list.every((a) => a.regionCode === 'JJ'));
      assert.ok(list.some((a) => a.username === 'attendant2.cd-jj-01'));
      assert.equal((await call('POST', '/api/v1/staff/accounts/8/reset-password', tokens['admin.jj'])).status, 403);
      assert.equal((await call('POST', `/api/v1/staff/accounts/${created.account.id}/move`, tokens['admin.jj'], { stationId: 9 })).status, 403);
      const duplicate = await call('POST', '/api/v1/staff/accounts', tokens['admin.jj'], { username: 'attendant2.cd-jj-01', displayName: '重复', role: 'attendant', stationId: 1, phone: '13900000009' });
      assert.equal(duplicate.status, 400);
    });
  });

  describe('redemption at the counter', () => {
    it('previews a pickup code with its items and the member’s masked phone, then completes it once', async () => {
      const order = await buyPickup();
      const code = order.mall!.pickupCode!;
      const preview = await call('POST', '/api/v1/staff/stations/1/redemptions/preview', tokens['attendant.cd-jj-01'], { code });
      assert.equal(preview.status, 200, await preview.clone().text());
      const shown = (await preview.json()) as RedemptionPreview;
      assert.equal(shown.kind, 'pickup');
      assert.equal(shown.orderNo, order.orderNo);
      assert.equal(shown.items.length, 1);
      assert.equal(shown.payableFen, order.payableFen);
      const confirmed = await call('POST', '/api/v1/staff/stations/1/redemptions', tokens['attendant.cd-jj-01'], { code });
      assert.equal(confirmed.status, 200);
      const result = (await confirmed.json()) as RedemptionResult;
      assert.equal(result.kind === 'pickup' && result.order.status, 'completed');
      const again = await call('POST', '/api/v1/staff/stations/1/redemptions', tokens['attendant.cd-jj-01'], { code });
      assert.equal(again.status, 404);
    });

    it('lets exactly one of two attendants confirming the same code at the same moment succeed', async () => {
      const code = (await buyPickup()).mall!.pickupCode!;
      const results = await Promise.all(['attendant.cd-jj-01', 'attendant2.cd-jj-01'].map((who) => call('POST', '/api/v1/staff/stations/1/redemptions', tokens[who], { code })));
      const statuses = results.map((r) => r.status).sort();
      assert.equal(statuses.filter((s) => s === 200).length, 1, `statuses ${statuses}`);
      assert.ok([404, 409].includes(statuses.find((s) => s !== 200)!), JSON.stringify(await Promise.all(results.map((r) => r.text()))));
      const [rows] = await orderDb.query("SELECT COUNT(*) AS n FROM order_transitions t JOIN orders o ON o.id = t.order_id WHERE o.pickup_code = ? AND t.to_status = 'picked_up'", [code]);
      assert.equal(Number((rows as Array<{ n: number }>)[0]!.n), 1);
    });

    it('refuses a code of another station, at the edge and in the service', async () => {
      const code = (await buyPickup(1)).mall!.pickupCode!;
      const atTwo = await call('POST', '/api/v1/staff/stations/2/redemptions/preview', tokens['attendant.cd-jj-02'], { code });
      assert.equal(atTwo.status, 403);
      assert.match(((await atTwo.json()) as Envelope).error.message, /不属于本站/);
      assert.equal((await call('POST', '/api/v1/staff/stations/1/redemptions', tokens['attendant.cd-jj-02'], { code })).status, 403);
    });

    it('shows a paid fuel order on the pump board and marks it fuelled by its order number, once', async () => {
      const fuel = await buyFuel(1);
      const board = (await (await call('GET', '/api/v1/staff/stations/1/pump-board', tokens['attendant.cd-jj-01'])).json()) as { pumps: Array<{ orders: Array<{ orderNo: string }> }> };
      assert.ok(board.pumps.some((p) => p.orders.some((o) => o.orderNo === fuel.orderNo)));
      const preview = (await (await call('POST', '/api/v1/staff/stations/1/redemptions/preview', tokens['attendant.cd-jj-01'], { code: fuel.orderNo.toLowerCase() })).json()) as RedemptionPreview;
      assert.equal(preview.kind, 'fuel');
      assert.ok(preview.fuel && preview.fuel.pumpNumber >= 1);
      assert.match(preview.memberPhoneMasked ?? '未绑定', /^(\d{3}\*{4}\d{4}|未绑定)$/);
      assert.equal((await call('POST', '/api/v1/staff/stations/1/redemptions', tokens['attendant.cd-jj-01'], { code: fuel.orderNo })).status, 200);
      assert.equal((await call('POST', '/api/v1/staff/stations/1/redemptions', tokens['attendant.cd-jj-01'], { code: fuel.orderNo })).status, 409);
      const after = (await (await call('GET', '/api/v1/staff/stations/1/pump-board', tokens['attendant.cd-jj-01'])).json()) as { pumps: Array<{ orders: Array<{ orderNo: string }> }> };
      assert.ok(!after.pumps.some((p) => p.orders.some((o) => o.orderNo === fuel.orderNo)), 'off the board once fuelled');
    });

    it('uses a member’s in-store coupon once, checked against what the counter purchase comes to', async () => {
      const [inserted] = await userDb.query(
        "INSERT INTO coupons (member_id, template_id, status, valid_from, valid_until, issue_key) SELECT ?, id, 'available', ? - INTERVAL 1 MINUTE, ? + INTERVAL 30 DAY, 'birthday:e2e-staff' FROM coupon_templates WHERE code = 'BIRTHDAY_500_50'",
        [memberId, platform.now, platform.now],
      );
      const couponId = (inserted as { insertId: number }).insertId;
      const pack = (await (await platform.request('GET', '/api/v1/me/coupons', { headers: member })).json()) as { fuel: { available: Array<{ id: number }> } };
      const fuelCoupon = pack.fuel.available[0]!;
      const refused = await platform.request('POST', `/api/v1/me/coupons/${fuelCoupon.id}/store-code`, { headers: member });
      assert.equal(refused.status, 422, 'fuel coupons are for 一键加油');
      const shown = await platform.request('POST', `/api/v1/me/coupons/${couponId}/store-code`, { headers: member });
      assert.equal(shown.status, 200, await shown.clone().text());
      const { code } = (await shown.json()) as { code: string };
      assert.match(code, /^C\d{8}$/);
      const token = tokens['attendant.cd-jj-01'];
      const preview = (await (await call('POST', '/api/v1/staff/stations/1/redemptions/preview', token, { code })).json()) as RedemptionPreview;
      assert.equal(preview.kind, 'coupon');
      assert.equal(preview.kind === 'coupon' && preview.coupon.name, '生日月礼券 满500减50');
      const noAmount = await call('POST', '/api/v1/staff/stations/1/redemptions', token, { code });
      assert.equal(noAmount.status, 400);
      assert.deepEqual(((await noAmount.json()) as { error: { details: { fields: Array<{ field: string }> } } }).error.details.fields.map((f) => f.field), ['body.amountFen']);
      const below = await call('POST', '/api/v1/staff/stations/1/redemptions', token, { code, amountFen: 30_000 });
      assert.equal(below.status, 422);
      assert.match(((await below.json()) as Envelope).error.message, /门槛/);
      // With the app's Idempotency-Key: the same confirmation again (its answer lost) gets the same answer.
      const confirmKeyed = () => platform.request('POST', '/api/v1/staff/stations/1/redemptions', { json: { code, amountFen: 60_000 }, headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'e2e-store-coupon-1' } });
      const used = await confirmKeyed();
      assert.equal(used.status, 200, await used.clone().text());
      const result = (await used.json()) as Extract<RedemptionResult, { kind: 'coupon' }>;
      const again = await confirmKeyed();
      assert.equal(again.status, 200, 'the same confirmation, not "used"');
      assert.deepEqual(await again.json(), result);
      assert.deepEqual([result.kind, result.amountFen, result.discountFen, result.payableFen, result.coupon.status], ['coupon', 60_000, 5_000, 55_000, 'used']);
      const [[row]] = (await userDb.query('SELECT status, order_ref FROM coupons WHERE id = ?', [couponId])) as unknown as [[{ status: string; order_ref: string }]];
      assert.deepEqual(row, { status: 'used', order_ref: `store:1:${code}` });
      assert.equal((await call('POST', '/api/v1/staff/stations/1/redemptions', token, { code, amountFen: 60_000 })).status, 404, 'once');
    });

    it('lists the station’s orders by what needs doing; only the manager refunds a paid fuel order, and the money goes back', async () => {
      const fuel = await buyFuel(1);
      const paid = (await (await call('GET', '/api/v1/staff/stations/1/orders?view=paid_fuel', tokens['attendant.cd-jj-01'])).json()) as { items: Order[] };
      assert.ok(paid.items.some((o) => o.orderNo === fuel.orderNo) && paid.items.every((o) => o.kind === 'fuel' && o.status === 'paid'));
      assert.equal((await call('POST', `/api/v1/staff/stations/1/orders/${fuel.orderNo}/refund`, tokens['attendant.cd-jj-01'])).status, 403, 'not an attendant’s decision');
      assert.equal((await call('POST', `/api/v1/staff/stations/2/orders/${fuel.orderNo}/refund`, tokens['manager.cd-jj-01'])).status, 403, 'not through another station');
      const refunded = await call('POST', `/api/v1/staff/stations/1/orders/${fuel.orderNo}/refund`, tokens['manager.cd-jj-01']);
      assert.equal(refunded.status, 200, await refunded.clone().text());
      await waitFor(async () => ((await (await platform.request('GET', `/api/v1/orders/${fuel.orderNo}`, { headers: member })).json()) as Order).status === 'refunded', 15_000, 'the refund done');
      const refunds = (await (await call('GET', '/api/v1/staff/stations/1/orders?view=refunds', tokens['manager.cd-jj-01'])).json()) as { items: Order[] };
      assert.ok(refunds.items.some((o) => o.orderNo === fuel.orderNo));
      const [[audited]] = (await userDb.query("SELECT outcome, target FROM staff_audit_log WHERE action = 'order.refund' AND username = 'manager.cd-jj-01' AND outcome = 'success'")) as unknown as [[{ outcome: string; target: string }]];
      assert.equal(audited!.target, `order:${fuel.orderNo}`);
    });

    it('tells the attendant’s screen at once over the staff channel when a fuel order is paid, and closes it when the session ends', async () => {
      const url = `ws://127.0.0.1:${platform.gatewayPort}/ws/staff`;
      const connect = (token: string | undefined) =>
        new Promise<{ socket: WebSocket; frames: Array<Record<string, unknown>>; closed: Promise<number> }>((resolve, reject) => {
          const socket = new WebSocket(url);
          const frames: Array<Record<string, unknown>> = [];
          const closed = new Promise<number>((done) => socket.once('close', (code) => done(code)));
          socket.on('message', (data) => frames.push(JSON.parse(String(data)) as Record<string, unknown>));
          socket.once('open', () => {
            socket.send(JSON.stringify({ type: 'auth', token }));
            resolve({ socket, frames, closed });
          });
          socket.once('error', reject);
        });
      assert.equal(await (await connect(undefined)).closed, 4401, 'no token');
      assert.equal(await (await connect(member.authorization!.slice(7))).closed, 4401, 'a member');
      assert.equal(await (await connect(tokens['admin.jj'])).closed, 4403, 'a regional admin has no pump board');
      // A session of its own, so that ending it leaves the other tests' tokens alone.
      const token = await tokenFor('manager.cd-wh-02', '13800000009');
      const channel = await connect(token);
      await waitFor(() => channel.frames.some((f) => f.type === 'ready' && f.stationId === 10), 5_000, 'ready');
      const fuel = await buyFuel(10);
      await waitFor(() => channel.frames.some((f) => f.type === 'pump-board' && f.orderNo === fuel.orderNo), 5_000, 'the paid order announced');
      assert.equal((await call('POST', '/api/v1/staff/auth/logout', token)).status, 200);
      assert.equal(await channel.closed, 4401, 'closed once the session ended');
    });

    it('names the field of a malformed code', async () => {
      const response = await call('POST', '/api/v1/staff/stations/1/redemptions/preview', tokens['attendant.cd-jj-01'], { code: '12ab' });
      assert.equal(response.status, 400);
      assert.deepEqual(((await response.json()) as { error: { details: { fields: Array<{ field: string }> } } }).error.details.fields.map((f) => f.field), ['body.code']);
    });

    it('rate-limits and flags an attendant who keeps trying codes that match nothing', async () => {
      const token = tokens['attendant.cd-jj-02']!;
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await call('POST', '/api/v1/staff/stations/2/redemptions/preview', token, { code: String(100000 + i) })).status);
      assert.deepEqual(statuses.slice(0, 10), Array(10).fill(404));
      assert.equal(statuses[10], 429);
      await waitFor(() => platform.logs('order').some((line) => line.includes('redemption code guessing flagged')), 5_000, 'the flag in the log');
    });
  });

  describe('the manager’s stock and figures', () => {
    it('lists stock with what waits for pickup and what unpaid orders hold, low stock first; adjustments need a reason and keep the ledger', async () => {
      const levels = (await (await call('GET', '/api/v1/staff/stations/1/inventory', tokens['manager.cd-jj-01'])).json()) as StockLevel[];
      assert.ok(levels.length > 0);
      const firstHigh = levels.findIndex((l) => !l.lowStock);
      assert.ok(firstHigh === -1 || levels.slice(firstHigh).every((l) => !l.lowStock), 'low stock first');
      for (const level of levels) assert.equal(level.lowStock, level.sellable <= level.lowStockThreshold);
      const target = levels.find((l) => l.sellable > 2)!;
      const noReason = await call('POST', '/api/v1/staff/stations/1/inventory/adjustments', tokens['manager.cd-jj-01'], { productId: target.productId, delta: -1, reason: 'other' });
      assert.equal(noReason.status, 400);
      const tooMuch = await call('POST', '/api/v1/staff/stations/1/inventory/adjustments', tokens['manager.cd-jj-01'], { productId: target.productId, delta: -(target.sellable + target.reserved + 1), reason: 'stocktake' });
      assert.equal(tooMuch.status, 422);
      const adjusted = await call('POST', '/api/v1/staff/stations/1/inventory/adjustments', tokens['manager.cd-jj-01'], { productId: target.productId, delta: -2, reason: 'damaged', note: '外包装破损' });
      assert.equal(adjusted.status, 200, await adjusted.clone().text());
      assert.equal(((await adjusted.json()) as StockLevel).sellable, target.sellable - 2);
      const [rows] = await orderDb.query('SELECT s.quantity, (SELECT SUM(delta) FROM stock_movements m WHERE m.station_id = s.station_id AND m.product_id = s.product_id) AS ledger FROM station_stock s WHERE s.station_id = 1 AND s.product_id = ?', [target.productId]);
      const row = (rows as Array<{ quantity: number; ledger: string }>)[0]!;
      assert.equal(Number(row.ledger), row.quantity, 'on hand = Σ movements');
      const [movement] = await orderDb.query("SELECT reason, reference FROM stock_movements WHERE station_id = 1 AND product_id = ? ORDER BY id DESC LIMIT 1", [target.productId]);
      assert.deepEqual((movement as Array<{ reason: string; reference: string }>)[0], { reason: 'adjustment', reference: 'damaged:外包装破损' });
    });

    it('reports redemptions and sales per day that equal sums taken directly from the orders', async () => {
      const stats = (await (await call('GET', '/api/v1/staff/stations/1/stats?period=day', tokens['manager.cd-jj-01'])).json()) as StationStats;
      assert.equal(stats.buckets.length, 14);
      const today = stats.buckets.at(-1)!;
      const start = new Date(today.start);
      const end = new Date(start.getTime() + 86_400_000);
      const [sales] = await orderDb.query("SELECT kind, COUNT(*) AS n, SUM(payable_fen) AS fen FROM orders WHERE station_id = 1 AND paid_at >= ? AND paid_at < ? AND status NOT IN ('refund_requested', 'refunded') GROUP BY kind", [start, end]);
      const byKind = Object.fromEntries((sales as Array<{ kind: string; n: number; fen: string }>).map((r) => [r.kind, { n: Number(r.n), fen: Number(r.fen) }]));
      assert.equal(today.mallOrders, byKind.mall?.n ?? 0);
      assert.equal(today.mallSalesFen, byKind.mall?.fen ?? 0);
      assert.equal(today.fuelOrders, byKind.fuel?.n ?? 0);
      assert.equal(today.fuelSalesFen, byKind.fuel?.fen ?? 0);
      const [litres] = await orderDb.query("SELECT COALESCE(SUM(l.centilitres), 0) AS cl FROM fuel_order_lines l JOIN orders o ON o.id = l.order_id WHERE o.station_id = 1 AND o.paid_at >= ? AND o.paid_at < ? AND o.status NOT IN ('refund_requested', 'refunded')", [start, end]);
      assert.equal(today.fuelCentilitres, Number((litres as Array<{ cl: string }>)[0]!.cl));
      const [redeemed] = await orderDb.query("SELECT SUM(t.to_status = 'picked_up' AND t.reason = 'redeemed') AS pickups, SUM(t.reason = 'fuelled') AS fuelled FROM order_transitions t JOIN orders o ON o.id = t.order_id WHERE o.station_id = 1 AND t.created_at >= ? AND t.created_at < ?", [start, end]);
      const r = (redeemed as Array<{ pickups: string; fuelled: string }>)[0]!;
      assert.equal(today.pickupsRedeemed, Number(r.pickups ?? 0));
      assert.equal(today.fuelOrdersCompleted, Number(r.fuelled ?? 0));
      assert.ok(today.pickupsRedeemed >= 2 && today.fuelOrdersCompleted >= 1 && today.mallOrders >= 3, JSON.stringify(today));
      const [coupons] = await orderDb.query("SELECT coupon_ids FROM orders WHERE station_id = 1 AND paid_at >= ? AND paid_at < ? AND status NOT IN ('refund_requested', 'refunded')", [start, end]);
      assert.equal(today.couponsUsed, (coupons as Array<{ coupon_ids: string }>).reduce((n, r) => n + (r.coupon_ids ? r.coupon_ids.split(',').length : 0), 0));
      const weeks = (await (await call('GET', '/api/v1/staff/stations/1/stats?period=week', tokens['admin.jj'])).json()) as StationStats;
      assert.equal(weeks.buckets.at(-1)!.mallSalesFen >= today.mallSalesFen, true);
    });

    it('gives the regional admin every station of the region and their total, equal to direct sums, with the member figures', async () => {
      const response = await call('GET', '/api/v1/staff/region/dashboard?period=month', tokens['admin.jj']);
      assert.equal(response.status, 200, await response.clone().text());
      const dashboard = (await response.json()) as RegionDashboard;
      assert.equal(dashboard.regionCode, 'JJ');
      assert.deepEqual(dashboard.stations.map((s) => s.stationId), [1, 2, 3, 4, 5, 6, 7, 8]);
      const month = dashboard.total.at(-1)!;
      const start = new Date(month.start);
      const [sales] = await orderDb.query("SELECT kind, COUNT(*) AS n, SUM(payable_fen) AS fen FROM orders WHERE station_id BETWEEN 1 AND 8 AND paid_at >= ? AND status NOT IN ('refund_requested', 'refunded') GROUP BY kind", [start]);
      const byKind = Object.fromEntries((sales as Array<{ kind: string; n: number; fen: string }>).map((r) => [r.kind, { n: Number(r.n), fen: Number(r.fen) }]));
      assert.equal(month.mallOrders, byKind.mall?.n ?? 0);
      assert.equal(month.mallSalesFen, byKind.mall?.fen ?? 0);
      assert.equal(month.fuelOrders, byKind.fuel?.n ?? 0);
      assert.equal(month.fuelSalesFen, byKind.fuel?.fen ?? 0);
      for (const key of ['mallOrders', 'mallSalesFen', 'fuelOrders', 'fuelCentilitres', 'pickupsRedeemed', 'couponsUsed'] as const) {
        assert.equal(month[key], dashboard.stations.reduce((n, s) => n + s.buckets.at(-1)![key], 0), `total ${key} = Σ stations`);
      }
      const [members] = await userDb.query('SELECT COUNT(*) AS n FROM members WHERE created_at >= ?', [start]);
      const [issued] = await userDb.query('SELECT COUNT(*) AS n FROM coupons WHERE created_at >= ?', [start]);
      assert.equal(dashboard.members.at(-1)!.newMembers, Number((members as Array<{ n: number }>)[0]!.n));
      assert.equal(dashboard.members.at(-1)!.couponsIssued, Number((issued as Array<{ n: number }>)[0]!.n));
      assert.ok(dashboard.members.at(-1)!.newMembers >= 1 && dashboard.members.at(-1)!.couponsIssued >= 2);

      // The same figures exported as CSV (and the export audited).
      const exported = await call('GET', '/api/v1/staff/region/dashboard/export?period=month', tokens['admin.jj']);
      assert.equal(exported.status, 200);
      assert.match(exported.headers.get('content-type') ?? '', /^text\/csv/);
      assert.match(exported.headers.get('content-disposition') ?? '', /attachment; filename="region-JJ-month\.csv"/);
      const csv = Buffer.from(await exported.arrayBuffer()).toString('utf8');
      assert.ok(csv.startsWith('\uFEFF时间,加油站,商城订单,商城销售额（元）'), csv.slice(0, 80));
      const lines = csv.trim().split('\r\n');
      assert.equal(lines.length, 1 + 8 * 12 + 12, 'a row per station and month, then the totals');
      const totalNow = lines.at(-1)!.split(',');
      assert.deepEqual(totalNow.slice(1, 4), ['JJ 区域合计', String(month.mallOrders), (month.mallSalesFen / 100).toFixed(2)]);
      const [[exportAudit]] = (await userDb.query("SELECT username, target FROM staff_audit_log WHERE action = 'data.export' ORDER BY seq DESC LIMIT 1")) as unknown as [[{ username: string; target: string }]];
      assert.deepEqual(exportAudit, { username: 'admin.jj', target: 'region dashboard period:month' });
    });
  });

  describe('every staff route against every role and scope', () => {
    // Station 1 and 2 are in region JJ, station 9 in WH; staff 5 is attendant.cd-jj-02 (JJ), staff 8 is in WH.
    const routes: Array<{ name: string; method: string; path: (station: number) => string; body?: unknown | ((station: number) => unknown); roles: string[]; scope: 'station' | 'region' | 'none'; probeAllowed?: boolean }> = [
      { name: 'redemption preview', method: 'POST', path: (s) => `/api/v1/staff/stations/${s}/redemptions/preview`, body: { code: 'F2026010100000000' }, roles: ['attendant', 'manager'], scope: 'station' },
      { name: 'redemption confirm', method: 'POST', path: (s) => `/api/v1/staff/stations/${s}/redemptions`, body: { code: 'F2026010100000000' }, roles: ['attendant', 'manager'], scope: 'station' },
      { name: 'pump board', method: 'GET', path: (s) => `/api/v1/staff/stations/${s}/pump-board`, roles: ['attendant', 'manager'], scope: 'station' },
      { name: 'station orders', method: 'GET', path: (s) => `/api/v1/staff/stations/${s}/orders?view=all`, roles: ['attendant', 'manager', 'regional_admin'], scope: 'station' },
      { name: 'ship an order', method: 'POST', path: (s) => `/api/v1/staff/stations/${s}/orders/M2026010100000000/ship`, body: { carrier: 'shunfeng', waybillNo: 'SF1234567890' }, roles: ['attendant', 'manager'], scope: 'station' },
      { name: 'refund an order', method: 'POST', path: (s) => `/api/v1/staff/stations/${s}/orders/F2026010100000000/refund`, roles: ['manager'], scope: 'station' },
      { name: 'inventory', method: 'GET', path: (s) => `/api/v1/staff/stations/${s}/inventory`, roles: ['manager', 'regional_admin'], scope: 'station' },
      { name: 'stock adjustment', method: 'POST', path: (s) => `/api/v1/staff/stations/${s}/inventory/adjustments`, body: { productId: 1, delta: 1, reason: 'restock' }, roles: ['manager'], scope: 'station' },
      { name: 'station figures', method: 'GET', path: (s) => `/api/v1/staff/stations/${s}/stats?period=month`, roles: ['manager', 'regional_admin'], scope: 'station' },
      { name: 'staff list', method: 'GET', path: () => '/api/v1/staff/accounts', roles: ['regional_admin'], scope: 'none' },
      { name: 'staff create', method: 'POST', path: () => '/api/v1/staff/accounts', body: (s: number) => ({ username: `probe.user${s}`, displayName: '探针', role: 'attendant', stationId: s, phone: '13900000002' }), roles: ['regional_admin'], scope: 'region', probeAllowed: false },
      { name: 'staff enable', method: 'POST', path: (s) => `/api/v1/staff/accounts/${s === 9 ? 8 : 5}/enable`, roles: ['regional_admin'], scope: 'region' },
      { name: 'staff disable', method: 'POST', path: (s) => `/api/v1/staff/accounts/${s === 9 ? 8 : 5}/disable`, roles: ['regional_admin'], scope: 'region', probeAllowed: false },
      { name: 'staff reset password', method: 'POST', path: (s) => `/api/v1/staff/accounts/${s === 9 ? 8 : 5}/reset-password`, roles: ['regional_admin'], scope: 'region', probeAllowed: false },
      { name: 'staff move', method: 'POST', path: (s) => `/api/v1/staff/accounts/${s === 9 ? 8 : 5}/move`, body: (s: number) => ({ stationId: s === 9 ? 9 : 2 }), roles: ['regional_admin'], scope: 'region', probeAllowed: false },
      { name: 'region dashboard', method: 'GET', path: () => '/api/v1/staff/region/dashboard?period=week', roles: ['regional_admin'], scope: 'none' },
      { name: 'region dashboard export', method: 'GET', path: () => '/api/v1/staff/region/dashboard/export?period=day', roles: ['regional_admin'], scope: 'none' },
      { name: 'audit log', method: 'GET', path: () => '/api/v1/staff/audit', roles: ['manager', 'regional_admin'], scope: 'none' },
      { name: 'station create', method: 'POST', path: () => '/api/v1/admin/stations', body: {}, roles: ['regional_admin'], scope: 'none', probeAllowed: false },
    ];
    const callers = () => [
      { who: 'no token', role: 'none', token: undefined, station: 0, region: '' },
      { who: 'a member', role: 'member', token: member.authorization!.slice(7), station: 0, region: '' },
      { who: 'attendant of station 1', role: 'attendant', token: tokens['attendant.cd-jj-01'], station: 1, region: 'JJ' },
      { who: 'manager of station 1', role: 'manager', token: tokens['manager.cd-jj-01'], station: 1, region: 'JJ' },
      { who: 'regional admin of JJ', role: 'regional_admin', token: tokens['admin.jj'], station: 0, region: 'JJ' },
    ];

    it('answers 401 without a token, 403 to every role outside the route, and 403 outside the caller’s station or region', async () => {
      const failures: string[] = [];
      for (const route of routes) {
        for (const caller of callers()) {
          // Station 1 (own / in region), station 2 (another station of the region), station 9 (another region).
          for (const station of [1, 2, 9]) {
            const inRole = route.roles.includes(caller.role);
            const inScope =
              route.scope === 'none' ||
              (route.scope === 'station' && (caller.role === 'regional_admin' ? station !== 9 : station === caller.station)) ||
              (route.scope === 'region' && station !== 9);
            const expected = caller.role === 'none' ? [401] : !inRole || !inScope ? [403] : null;
            // Allowed calls that would change accounts or stations are not made: the tests above make them.
            if (!expected && route.probeAllowed === false) continue;
            const body = typeof route.body === 'function' ? route.body(station) : route.body;
            const response = await call(route.method, route.path(station), caller.token, body);
            if (expected && !expected.includes(response.status)) failures.push(`${route.name} @${station} by ${caller.who}: ${response.status}, expected ${expected}`);
            if (!expected && [401, 403].includes(response.status)) failures.push(`${route.name} @${station} by ${caller.who}: refused with ${response.status}`);
          }
        }
      }
      assert.deepEqual(failures, []);
    });
  });

  describe('the audit log', () => {
    it('holds a complete record of each kind of staff action, with who, role, place, target, result, IP and request id', async () => {
      const actions = new Set((await auditRows()).map((r) => `${r.action}/${r.outcome}`));
      for (const expected of ['login.password/success', 'login.password/failure', 'login.sms_code/success', 'login.sms_code/failure', 'logout/success', 'password.change/success', 'password.change/failure', 'staff.create/success', 'staff.disable/success', 'redemption.preview/success', 'redemption.confirm/success', 'redemption.confirm/failure', 'stock.adjust/success', 'stock.adjust/failure']) {
        assert.ok(actions.has(expected), `missing ${expected}`);
      }
      const [confirm] = await auditRows("action = 'redemption.confirm' AND outcome = 'success'");
      assert.equal(confirm!.username, 'attendant.cd-jj-01');
      assert.equal(confirm!.role, 'attendant');
      assert.equal(Number(confirm!.station_id), 1);
      assert.equal(confirm!.region_code, 'JJ');
      assert.match(String(confirm!.target), /^station:1 code:\d{6}$/);
      assert.match(String(confirm!.ip), /127\.0\.0\.1/);
      assert.match(String(confirm!.request_id), /^[\w-]{8,}$/);
      assert.ok(confirm!.created_at instanceof Date);
    });

    it('shows managers their station’s records and regional admins their region’s', async () => {
      const station = (await (await call('GET', '/api/v1/staff/audit?pageSize=100', tokens['manager.cd-jj-01'])).json()) as { items: AuditRecord[]; total: number };
      assert.ok(station.items.length > 0 && station.items.every((r) => r.stationId === 1));
      const region = (await (await call('GET', '/api/v1/staff/audit?pageSize=100', tokens['admin.wh'])).json()) as { items: AuditRecord[] };
      assert.ok(region.items.length > 0 && region.items.every((r) => r.regionCode === 'WH'));
    });

    it('filters by action, by staff username and by day (Asia/Shanghai), inside the reader’s scope; a day that does not exist is refused naming it', async () => {
      const read = async (query: string) => (await (await call('GET', `/api/v1/staff/audit?pageSize=100&${query}`, tokens['manager.cd-jj-01'])).json()) as { items: AuditRecord[]; total: number };
      const confirms = await read('action=redemption.confirm');
      assert.ok(confirms.total > 0 && confirms.items.every((r) => r.action === 'redemption.confirm' && r.stationId === 1));
      const attendant = await read('username=attendant.cd-jj-01');
      assert.ok(attendant.total > 0 && attendant.items.every((r) => r.username === 'attendant.cd-jj-01'));
      // The day of the newest record, in Shanghai, holds it; a day long before holds nothing.
      const newest = (await read('')).items[0]!;
      const shanghaiDay = new Date(Date.parse(newest.at) + 8 * 3_600_000).toISOString().slice(0, 10);
      assert.ok((await read(`day=${shanghaiDay}`)).items.some((r) => r.seq === newest.seq));
      assert.equal((await read('day=2000-01-01')).total, 0);
      const refused = await call('GET', '/api/v1/staff/audit?day=2027-02-30', tokens['manager.cd-jj-01']);
      assert.equal(refused.status, 400);
      assert.deepEqual(((await refused.json()) as { error: { details: { fields: Array<{ field: string }> } } }).error.details.fields.map((f) => f.field), ['query.day']);
    });

    it('cannot be changed by the service: its audit account may only INSERT and SELECT, and even its schema owner meets the append-only triggers', async () => {
      const writer = await createConnection(platform.auditWriter.url);
      try {
        await assert.rejects(writer.query("UPDATE staff_audit_log SET outcome = 'success' WHERE seq = 1"), /command denied/);
        await assert.rejects(writer.query('DELETE FROM staff_audit_log WHERE seq = 1'), /command denied/);
        const [rows] = await writer.query('SELECT COUNT(*) AS n FROM staff_audit_log');
        assert.ok(Number((rows as Array<{ n: number }>)[0]!.n) > 10, 'it can read');
      } finally {
        await writer.end();
      }
      // The service's own schema account (root in the tests, ALL PRIVILEGES on its schema in the compose topology).
      await assert.rejects(userDb.query("UPDATE staff_audit_log SET outcome = 'success' WHERE seq = 1"), /append-only/);
      await assert.rejects(userDb.query('DELETE FROM staff_audit_log WHERE seq = 1'), /append-only/);
    });

    it('`audit:verify` reports an edited record and a deleted one at the first broken link', async () => {
      const verify = () => platform.opsTool('audit/verify-audit.js', [], { DATABASE_URL: platform.databases.user.url });
      const intact = await verify();
      assert.equal(intact.code, 0, intact.out);
      assert.match(intact.out, /audit chain intact/);
      // A DBA-level attacker: the triggers dropped first.
      await userDb.query('DROP TRIGGER staff_audit_log_no_update');
      await userDb.query('DROP TRIGGER staff_audit_log_no_delete');
      const [original] = await auditRows('seq = 3');
      await userDb.query("UPDATE staff_audit_log SET outcome = 'success', detail = NULL WHERE seq = 3");
      const edited = await verify();
      assert.equal(edited.code, 1);
      assert.match(edited.out, /BROKEN at seq 3 \((hash-mismatch)\)/);
      await userDb.query('UPDATE staff_audit_log SET outcome = ?, detail = ? WHERE seq = 3', [original!.outcome, original!.detail]);
      assert.equal((await verify()).code, 0);
      await userDb.query('DELETE FROM staff_audit_log WHERE seq = 2');
      const deleted = await verify();
      assert.equal(deleted.code, 1);
      assert.match(deleted.out, /BROKEN at seq 2 \(missing-record\)/);
    });
  });
});
