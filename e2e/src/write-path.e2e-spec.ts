/**
 * The write path under trouble, on one platform.
 *
 * A reply lost after the work committed: the service is SIGKILLed between committing and answering (a failpoint),
 * so the gateway never hears back. Its answer must not claim failure (504 OUTCOME_UNKNOWN, not "unavailable"), and
 * the client's retry with the same Idempotency-Key — what the app does by itself — gets what the first request
 * committed: the same order (one, its stock reserved once), the same payment (the wallet debited once).
 *
 * Overload: more mall orders at once than there is room for, at a gateway whose route admits 2 at a time and at an
 * order service that admits 1 placement at a time, neither with any queue. Each request either completes (201) or
 * is refused before it changed anything: 503 SERVICE_UNAVAILABLE with Retry-After, no order, no stock held. The
 * refused ones, sent again with their keys, all go through; the stock is exact and the verifier finds nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { memberContracts, type Order, type PaymentStart } from '@fuel/shared';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { itLeavesEverythingConsistent, Platform, waitFor } from './platform.js';

const AT_ONCE = 16;
const BASKET = { stationId: 1, lines: [{ productId: 2, quantity: 1 }], couponIds: [] };

describe('the write path: a reply lost after commit, and more orders than there is room for', () => {
  let platform: Platform;
  let orderDb: Connection;
  let userDb: Connection;
  let member: { id: number; headers: Record<string, string>; refreshToken: string };

  before(async () => {
    // A test clock (a weekday morning, the stations open), so that a key's day can pass; the order jobs run often.
    platform = await Platform.start({ now: '2026-06-15T10:00:00+08:00', env: { ORDER_JOBS_INTERVAL_MS: '500' } });
    orderDb = await createConnection(platform.databases.order.url);
    userDb = await createConnection(platform.databases.user.url);
    const session = await platform.memberSession('dev-write-path');
    member = { id: session.user.id, headers: { authorization: `Bearer ${session.accessToken}` }, refreshToken: session.refreshToken };
    await platform.rpc('user', memberContracts.credit.pattern, { memberId: member.id, amountFen: 100_000, kind: 'recharge', idempotencyKey: 'e2e-write-path-topup' }, { kind: 'system', id: 'payment' });
  });

  after(async () => {
    await orderDb?.end();
    await userDb?.end();
    await platform?.close();
  });

  const one = async (db: Connection, sql: string, params: unknown[]) => ((await db.query<RowDataPacket[]>(sql, params))[0][0] ?? {}) as Record<string, number | string>;
  /** Sends the request with this key as the app does: again while the answer says the outcome is not known yet. */
  async function retried(method: string, path: string, json: unknown, key: string): Promise<Response> {
    let response!: Response;
    await waitFor(async () => {
      response = await platform.request(method, path, { json, headers: { ...member.headers, 'idempotency-key': key } });
      return ![409, 503, 504].includes(response.status);
    }, 20_000, `${path} answered`);
    return response;
  }
  async function crashOnce(service: 'order' | 'payment', failpoint: string, send: () => Promise<Response>): Promise<Response> {
    await platform.stopService(service);
    await platform.startInstance(service, service, platform.rpcPorts[service], { FAILPOINTS: failpoint });
    const response = await send();
    await waitFor(() => platform.procs.get(service)!.child.signalCode === 'SIGKILL', 5_000, `${service} killed at ${failpoint}`);
    await platform.startService(service);
    return response;
  }

  it('a mall order placed, its answer lost: 504 OUTCOME_UNKNOWN, and the retry returns that order, placed once', async () => {
    const body = { stationId: 1, lines: [{ productId: 1, quantity: 2 }], couponIds: [] };
    const stock = () => one(orderDb, 'SELECT reserved FROM station_stock WHERE station_id = 1 AND product_id = 1', []);
    const reservedBefore = Number((await stock()).reserved);
    const lost = await crashOnce('order', 'order.placed-before-reply', () => platform.request('POST', '/api/v1/orders/mall', { json: body, headers: { ...member.headers, 'idempotency-key': 'e2e-lost-mall-1' } }));
    assert.equal(lost.status, 504);
    assert.equal(((await lost.json()) as { error: { code: string } }).error.code, 'OUTCOME_UNKNOWN');
    const committed = await one(orderDb, "SELECT order_no AS orderNo, intent_no AS intentNo FROM orders WHERE member_id = ? AND request_key = 'e2e-lost-mall-1'", [member.id]);
    assert.ok(committed.orderNo && committed.intentNo, 'the order and its intent committed before the crash');

    const retry = await retried('POST', '/api/v1/orders/mall', body, 'e2e-lost-mall-1');
    assert.equal(retry.status, 201, await retry.clone().text());
    const order = (await retry.json()) as Order;
    assert.deepEqual([order.orderNo, order.intentNo, order.status], [committed.orderNo, committed.intentNo, 'pending_payment']);
    assert.equal(Number((await one(orderDb, 'SELECT COUNT(*) AS n FROM orders WHERE member_id = ?', [member.id])).n), 1, 'one order');
    assert.equal(Number((await stock()).reserved), reservedBefore + 2, 'its stock reserved once');
    // The same key for another basket is refused, not answered with this order.
    const reused = await platform.request('POST', '/api/v1/orders/mall', { json: { ...body, lines: [{ productId: 1, quantity: 3 }] }, headers: { ...member.headers, 'idempotency-key': 'e2e-lost-mall-1' } });
    assert.equal(reused.status, 422);
  });

  it('a mall order whose request died between its commit and its intent: the retry finishes placing it, once', async () => {
    const body = { stationId: 1, lines: [{ productId: 1, quantity: 1 }], couponIds: [] };
    const stock = async () => Number((await one(orderDb, 'SELECT reserved FROM station_stock WHERE station_id = 1 AND product_id = 1', [])).reserved);
    const reservedBefore = await stock();
    const lost = await crashOnce('order', 'order.placed-before-charge', () => platform.request('POST', '/api/v1/orders/mall', { json: body, headers: { ...member.headers, 'idempotency-key': 'e2e-lost-mall-2' } }));
    assert.equal(lost.status, 504);
    const stopped = await one(orderDb, "SELECT order_no AS orderNo, intent_no AS intentNo FROM orders WHERE member_id = ? AND request_key = 'e2e-lost-mall-2'", [member.id]);
    assert.ok(stopped.orderNo && !stopped.intentNo, 'the order committed, its intent not yet made');
    const retry = await retried('POST', '/api/v1/orders/mall', body, 'e2e-lost-mall-2');
    assert.equal(retry.status, 201, await retry.clone().text());
    const order = (await retry.json()) as Order;
    assert.equal(order.orderNo, stopped.orderNo);
    assert.match(order.intentNo ?? '', /\S/, 'its intent made by the retry');
    assert.equal(await stock(), reservedBefore + 1, 'its stock reserved once');
  });

  it('a wallet payment whose answer was lost after the debit: the retry completes it, and the wallet is debited once', async () => {
    const order = (await (await platform.request('POST', '/api/v1/orders/mall', { json: { stationId: 1, lines: [{ productId: 1, quantity: 1 }], couponIds: [] }, headers: member.headers })).json()) as Order;
    const balance = async () => Number((await one(userDb, 'SELECT balance_fen AS b FROM wallets WHERE member_id = ?', [member.id])).b);
    const before = await balance();
    const path = `/api/v1/payments/intents/${order.intentNo}/attempts`;
    const lost = await crashOnce('payment', 'payment.after-wallet-debit', () => platform.request('POST', path, { json: { method: 'wallet' }, headers: { ...member.headers, 'idempotency-key': 'e2e-lost-pay-1' } }));
    assert.equal(lost.status, 504);
    assert.equal(await balance(), before - order.payableFen, 'the debit committed before the crash');

    const retry = await retried('POST', path, { method: 'wallet' }, 'e2e-lost-pay-1');
    assert.equal(retry.status, 200, await retry.clone().text());
    assert.equal(((await retry.json()) as PaymentStart).wallet?.status, 'succeeded');
    assert.equal(await balance(), before - order.payableFen, 'debited once');
    const debits = await one(userDb, "SELECT COUNT(*) AS n FROM wallet_ledger WHERE member_id = ? AND reference = ? AND kind = 'purchase'", [member.id, order.intentNo]);
    assert.equal(Number(debits.n), 1, 'one ledger row for the intent');
    await waitFor(async () => ((await (await platform.request('GET', `/api/v1/orders/${order.orderNo}`, { headers: member.headers })).json()) as Order).status === 'ready_for_pickup', 15_000, 'the order paid');
  });

  const reserved = async () => Number(((await orderDb.query<RowDataPacket[]>('SELECT reserved FROM station_stock WHERE station_id = 1 AND product_id = 2'))[0][0] as { reserved: number }).reserved);
  const orders = async () => Number(((await orderDb.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM orders WHERE member_id = ?', [member.id]))[0][0] as { n: number }).n);

  /** AT_ONCE orders sent together through `base`, each with its own key; then the refused ones again, one by one. */
  async function rush(base: string, round: string): Promise<void> {
    const [ordersBefore, reservedBefore] = [await orders(), await reserved()];
    const send = (key: string) => fetch(`${base}/api/v1/orders/mall`, { method: 'POST', headers: { ...member.headers, 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(BASKET) });
    const keys = Array.from({ length: AT_ONCE }, (_, i) => `e2e-overload-${round}-${i}`);
    const answers = await Promise.all(keys.map(send));
    const statuses = answers.map((a) => a.status);
    assert.ok(statuses.every((s) => s === 201 || s === 503), `only done or refused: ${statuses.join(' ')}`);
    const refused = answers.filter((a) => a.status === 503);
    assert.ok(refused.length > 0 && refused.length < AT_ONCE, `some refused, some done: ${statuses.join(' ')}`);
    for (const answer of refused) {
      assert.equal(answer.headers.get('retry-after'), '1');
      const body = (await answer.json()) as { error: { code: string; details: { overloaded?: boolean } } };
      assert.deepEqual([body.error.code, body.error.details.overloaded], ['SERVICE_UNAVAILABLE', true]);
    }
    const done = AT_ONCE - refused.length;
    assert.equal(await orders(), ordersBefore + done, 'an order for each one done, none for the refused');
    assert.equal(await reserved(), reservedBefore + done, 'stock held for each one done only');

    // The refused ones, again with their keys (as the app does after Retry-After): each goes through once.
    for (const [i, answer] of answers.entries()) {
      if (answer.status !== 503) continue;
      let again!: Response;
      await waitFor(async () => (again = await send(keys[i]!)).status !== 503, 10_000, 'a place');
      assert.equal(again.status, 201);
      assert.match(((await again.json()) as Order).orderNo, /^M/);
    }
    assert.equal(await orders(), ordersBefore + AT_ONCE);
    assert.equal(await reserved(), reservedBefore + AT_ONCE);
  }

  it('at the gateway: a route admits 2 at once; the rest is refused with Retry-After and changed nothing', async () => {
    const base = await platform.startAnotherGateway('gateway-tight', { ADMISSION_CONCURRENCY: '2', ADMISSION_QUEUE_MS: '0' });
    await rush(base, 'gw');
  });

  it('in the order service: one placement at a time; what it refuses changed nothing', async () => {
    await platform.stopService('order');
    await platform.startInstance('order', 'order', platform.rpcPorts.order, { ADMISSION_CONCURRENCY: '1', ADMISSION_QUEUE_MS: '0' });
    await platform.waitUntilHealthy(60_000);
    await rush(platform.url, 'svc');
    const metrics = await platform.metrics('order');
    assert.match(metrics, /fuel_admission_refusals_total\{[^}]*kind="order.mall.place"[^}]*\} [1-9]/);
  });

  it('a change outside a sale sent 8 times at once with one key: done once, every answer the same', async () => {
    const before = Number((await one(userDb, 'SELECT COUNT(*) AS n FROM member_addresses WHERE member_id = ?', [member.id])).n);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => platform.request('POST', '/api/v1/me/addresses', { json: { recipient: '王小明', phone: '13912345678', region: '四川省 成都市 锦江区', detail: '东大街 1 号' }, headers: { ...member.headers, 'idempotency-key': 'e2e-address-at-once' } })),
    );
    assert.deepEqual(answers.map((a) => a.status), Array(8).fill(201));
    const bodies = await Promise.all(answers.map((a) => a.json()));
    for (const body of bodies) assert.deepEqual(body, bodies[0]);
    assert.equal(Number((await one(userDb, 'SELECT COUNT(*) AS n FROM member_addresses WHERE member_id = ?', [member.id])).n), before + 1);
  });

  it('keeps a key a day: the same key again is the same order, a day later a new one', async () => {
    const send = () => platform.request('POST', '/api/v1/orders/mall', { json: BASKET, headers: { ...member.headers, 'idempotency-key': 'e2e-day-old-key' } });
    const first = await send();
    assert.equal(first.status, 201, await first.clone().text());
    const { orderNo } = (await first.json()) as Order;
    assert.equal(((await (await send()).json()) as Order).orderNo, orderNo, 'within the day: the same order');
    const addAddress = async () => {
      const added = await platform.request('POST', '/api/v1/me/addresses', { json: { recipient: '李四', phone: '13800001111', region: '四川省 成都市 武侯区', detail: '天府大道 100 号' }, headers: { ...member.headers, 'idempotency-key': 'e2e-day-old-address' } });
      assert.equal(added.status, 201, await added.clone().text());
      return ((await added.json()) as { id: number }).id;
    };
    const addressId = await addAddress();
    assert.equal(await addAddress(), addressId, 'within the day: the same address');
    await platform.setClock(new Date(platform.now.getTime() + 25 * 3600_000));
    await waitFor(async () => (await one(orderDb, 'SELECT request_key AS k FROM orders WHERE order_no = ?', [orderNo])).k === null, 10_000, 'the key forgotten');
    // A day on, the member's access token has lapsed too: the app refreshes it.
    const refreshed = await platform.request('POST', '/api/v1/auth/refresh', { json: { refreshToken: member.refreshToken } });
    assert.equal(refreshed.status, 200, await refreshed.clone().text());
    member.headers = { authorization: `Bearer ${((await refreshed.json()) as { accessToken: string }).accessToken}` };
    const later = await send();
    assert.equal(later.status, 201, await later.clone().text());
    assert.notEqual(((await later.json()) as Order).orderNo, orderNo, 'a day later: a new order');
    assert.notEqual(await addAddress(), addressId, 'a day later: a new address');
  });

  itLeavesEverythingConsistent(() => platform);
});
