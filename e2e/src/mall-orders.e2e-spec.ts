/**
 * Mall orders for pickup, end to end on the real services: stock reserved so that no order ever sells what a
 * station does not have (300 buyers at once for 50 units), reservations returned when unpaid orders expire, the
 * stock ledger always adding up; paid orders taken from stock with a 6-digit pickup code, unique among the
 * station's open orders and redeemable once by that station's staff; bad input refused with the field named.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addressContracts, memberContracts, orderContracts, signStationToken, stationSecret, type Address, type MallBreakdown, type Order, type PaymentStart } from '@fuel/shared';
import { DEV_BACKOFFICE_MASTER_KEY } from '@fuel/devkit';
import { createConnection, type Connection } from 'mysql2/promise';
import { itLeavesEverythingConsistent, Platform, waitFor } from './platform.js';

const STATION_ID = 1;
const WATER = 8; // 矿泉水 550ml, ¥2.00
const OIL = 5; // 全合成机油 5W-30 4L, ¥329.00

describe('mall orders for pickup, with per-station stock', () => {
  let platform: Platform;
  let db: Connection;
  let member: { id: number; auth: Record<string, string> };

  before(async () => {
    // 300 buyers at once on two cores: calls wait longer than the usual test timeout (1.5 s) before they are answered.
    platform = await Platform.start({ rpcTimeoutMs: 20_000, env: { ORDER_JOBS_INTERVAL_MS: '500', ORDER_EXPIRY_GRACE_SECONDS: '0', LOGISTICS_POLL_AFTER_SECONDS: '1', RPC_TIMEOUT_MS: '20000' } });
    db = await createConnection(platform.databases.order.url);
    const session = await platform.memberSession('dev-mall-buyer');
    member = { id: session.user.id, auth: { authorization: `Bearer ${session.accessToken}` } };
    await platform.rpc('user', memberContracts.credit.pattern, { memberId: member.id, amountFen: 500_000, kind: 'recharge', idempotencyKey: 'e2e-mall-topup-1' }, { kind: 'system', id: 'payment' });
  });

  after(async () => {
    await db?.end();
    await platform?.close();
  });

  const post = (path: string, json: unknown, auth = member.auth) => platform.request('POST', path, { json, headers: auth });
  const order = async (orderNo: string, auth = member.auth) => (await (await platform.request('GET', `/api/v1/orders/${orderNo}`, { headers: auth })).json()) as Order;
  const stock = async (productId: number, stationId = STATION_ID) => {
    const [rows] = await db.query('SELECT quantity, reserved FROM station_stock WHERE station_id = ? AND product_id = ?', [stationId, productId]);
    const [sums] = await db.query('SELECT COALESCE(SUM(delta), 0) AS onHand, COALESCE(SUM(reserved_delta), 0) AS reserved FROM stock_movements WHERE station_id = ? AND product_id = ?', [stationId, productId]);
    const row = (rows as Array<{ quantity: number; reserved: number }>)[0];
    const sum = (sums as Array<{ onHand: string; reserved: string }>)[0];
    return { quantity: row.quantity, reserved: row.reserved, ledgerOnHand: Number(sum.onHand), ledgerReserved: Number(sum.reserved) };
  };
  /** Sets a station's stock of a product through an adjustment movement, as a stock count would. */
  async function setStock(productId: number, quantity: number): Promise<void> {
    const before = await stock(productId);
    await db.query('UPDATE station_stock SET quantity = ? WHERE station_id = ? AND product_id = ?', [quantity, STATION_ID, productId]);
    await db.query("INSERT INTO stock_movements (station_id, product_id, delta, quantity_after, reserved_delta, reserved_after, reason, reference) VALUES (?, ?, ?, ?, 0, ?, 'adjustment', 'e2e-count')", [STATION_ID, productId, quantity - before.quantity, quantity, before.reserved]);
  }
  const buyAndPay = async (lines: Array<{ productId: number; quantity: number }>) => {
    const placed = await post('/api/v1/orders/mall', { stationId: STATION_ID, lines, couponIds: [] });
    assert.equal(placed.status, 201, await placed.clone().text());
    const created = (await placed.json()) as Order;
    assert.deepEqual(created, await order(created.orderNo), 'the placement answers the order as it is stored (built from what was written)');
    const paid = (await (await post(`/api/v1/payments/intents/${created.intentNo}/attempts`, { method: 'wallet' })).json()) as PaymentStart;
    assert.equal(paid.wallet?.status, 'succeeded');
    await waitFor(async () => (await order(created.orderNo)).status === 'ready_for_pickup', 10_000, 'ready for pickup');
    return order(created.orderNo);
  };
  const attendant = (stationId: number) => ({ kind: 'staff' as const, id: `e2e-attendant-${stationId}`, role: 'attendant' as const, stationId: String(stationId), regionCode: 'JJ' });

  it('sells exactly the 50 units there are to 300 buyers at once; stock never below zero, the ledger adds up', async () => {
    await setStock(WATER, 50);
    const buyers = await Promise.all(Array.from({ length: 10 }, async (_, i) => ({ authorization: `Bearer ${(await platform.memberSession(`dev-mall-rush-${i}`)).accessToken}` })));
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => post('/api/v1/orders/mall', { stationId: STATION_ID, lines: [{ productId: WATER, quantity: 1 }], couponIds: [] }, buyers[i % buyers.length])));
    const statuses = results.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 201).length, 50, `placed: ${JSON.stringify(Object.entries(statuses.reduce<Record<number, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {})))}`);
    const refused = await Promise.all(results.filter((r) => r.status !== 201).map(async (r) => ((await r.json()) as { error: { code: string } }).error.code));
    assert.ok(refused.every((code) => code === 'OUT_OF_STOCK'), `refusals: ${[...new Set(refused)].join(',')}`);
    const after = await stock(WATER);
    assert.deepEqual(after, { quantity: 50, reserved: 50, ledgerOnHand: 50, ledgerReserved: 50 });
    const [placed] = await db.query("SELECT COUNT(*) AS n FROM orders WHERE kind = 'mall' AND status = 'pending_payment' AND intent_no IS NOT NULL");
    assert.equal(Number((placed as Array<{ n: number }>)[0].n), 50, 'fifty orders, each with its payment intent');
    const list = (await (await platform.request('GET', `/api/v1/products?stationId=${STATION_ID}&category=convenience`)).json()) as { items: Array<{ id: number; stock: number; memberPriceFen?: number }> };
    assert.equal(list.items.find((p) => p.id === WATER)?.stock, 0, 'none left to order');
    assert.equal(list.items[0].memberPriceFen, undefined, 'no member price for an anonymous caller');
    const mine = (await (await platform.request('GET', `/api/v1/products?stationId=${STATION_ID}&category=convenience`, { headers: member.auth })).json()) as { items: Array<{ id: number; priceFen: number; memberPriceFen?: number }> };
    assert.equal(mine.items.find((p) => p.id === WATER)?.memberPriceFen, 176, '钻石 88 %: ¥2.00 → ¥1.76');
  });

  it('returns the reservations of unpaid orders when they expire', async () => {
    await db.query("UPDATE orders SET expires_at = ? WHERE kind = 'mall' AND status = 'pending_payment'", [new Date(platform.now.getTime() - 1000)]);
    await waitFor(async () => (await stock(WATER)).reserved === 0, 20_000, 'reservations returned');
    assert.deepEqual(await stock(WATER), { quantity: 50, reserved: 0, ledgerOnHand: 50, ledgerReserved: 0 });
    const [rows] = await db.query("SELECT COUNT(*) AS n FROM orders WHERE kind = 'mall' AND status = 'cancelled'");
    assert.equal(Number((rows as Array<{ n: number }>)[0].n), 50);
  });

  it('quotes at the tier rate (黄金 92 % after 5000 CNY… here 钻石 88 %), reserves, takes the goods when paid and gives a 6-digit pickup code, redeemable once at that station', async () => {
    const quote = (await (await post('/api/v1/orders/mall/quote', { stationId: STATION_ID, lines: [{ productId: OIL, quantity: 1 }, { productId: WATER, quantity: 2 }], couponIds: [] })).json()) as MallBreakdown;
    assert.equal(quote.perMille, 880, '5000 CNY recharged: 钻石');
    // 32900 × 0.88 = 28952; 400 × 0.88 = 352
    assert.deepEqual(quote.lines.map((l) => [l.productId, l.listFen, l.memberFen]), [[OIL, 32_900, 28_952], [WATER, 400, 352]]);
    assert.equal(quote.payableFen, 29_304);
    const before = await stock(OIL);
    const ready = await buyAndPay([{ productId: OIL, quantity: 1 }, { productId: WATER, quantity: 2 }]);
    assert.equal(ready.payableFen, 29_304);
    assert.match(ready.mall!.pickupCode ?? '', /^\d{6}$/);
    const after = await stock(OIL);
    assert.equal(after.quantity, before.quantity - 1, 'taken from stock');
    assert.equal(after.reserved, before.reserved);
    assert.equal(after.ledgerOnHand, after.quantity);
    assert.equal(after.ledgerReserved, after.reserved);
    await assert.rejects(platform.rpc('order', orderContracts.redeemPickup.pattern, { stationId: 2, code: ready.mall!.pickupCode }, attendant(2)), { code: 'NOT_FOUND' }, 'another station’s code finds nothing');
    await assert.rejects(platform.rpc('order', orderContracts.redeemPickup.pattern, { stationId: STATION_ID, code: ready.mall!.pickupCode }, attendant(2)), { code: 'FORBIDDEN' }, 'staff of another station');
    await assert.rejects(platform.rpc('order', orderContracts.redeemPickup.pattern, { stationId: STATION_ID, code: ready.mall!.pickupCode }, { kind: 'member', id: String(member.id) }), { code: 'FORBIDDEN' });
    const redeemed = await platform.rpc<Order>('order', orderContracts.redeemPickup.pattern, { stationId: STATION_ID, code: ready.mall!.pickupCode }, attendant(STATION_ID));
    assert.equal(redeemed.status, 'completed');
    assert.deepEqual(redeemed.transitions.map((t) => t.to), ['pending_payment', 'paid', 'ready_for_pickup', 'picked_up', 'completed']);
    await assert.rejects(platform.rpc('order', orderContracts.redeemPickup.pattern, { stationId: STATION_ID, code: ready.mall!.pickupCode }, attendant(STATION_ID)), { code: 'NOT_FOUND' }, 'once');
  });

  it('gives every open pickup order of a station a different code', async () => {
    const codes = await Promise.all(Array.from({ length: 12 }, () => buyAndPay([{ productId: WATER, quantity: 1 }]).then((o) => o.mall!.pickupCode)));
    assert.equal(new Set(codes).size, codes.length);
    const [rows] = await db.query("SELECT open_pickup_code AS code FROM orders WHERE station_id = ? AND status = 'ready_for_pickup'", [STATION_ID]);
    const open = (rows as Array<{ code: string }>).map((r) => r.code);
    assert.equal(new Set(open).size, open.length, 'unique among the open orders (the database enforces it)');
  });

  it('lists a station’s best sellers of the last 30 days', async () => {
    const hot = await platform.request('GET', `/api/v1/products/hot?stationId=${STATION_ID}`);
    assert.equal(hot.status, 200);
    const items = (await hot.json()) as Array<{ id: number; stock: number }>;
    assert.equal(items[0].id, WATER, '14 bottles of water sold (the 50 expired reservations never were)');
    assert.ok(items.some((p) => p.id === OIL));
    assert.ok(items.every((p) => typeof p.stock === 'number'));
    assert.equal((await platform.request('GET', '/api/v1/products/hot?stationId=abc')).status, 400);
  });

  it('refunds an uncollected order: the goods back on the shelf, the code no longer works, the money back', async () => {
    const wallet = async () => ((await (await platform.request('GET', '/api/v1/me/wallet', { headers: member.auth })).json()) as { balanceFen: number }).balanceFen;
    const before = { stock: await stock(OIL), wallet: await wallet() };
    const ready = await buyAndPay([{ productId: OIL, quantity: 1 }]);
    const asked = await post(`/api/v1/orders/${ready.orderNo}/refund`, {});
    assert.equal(asked.status, 200, await asked.clone().text());
    assert.equal((await stock(OIL)).quantity, before.stock.quantity, 'back on the shelf');
    await assert.rejects(platform.rpc('order', orderContracts.redeemPickup.pattern, { stationId: STATION_ID, code: ready.mall!.pickupCode }, attendant(STATION_ID)), { code: 'NOT_FOUND' });
    await waitFor(async () => (await order(ready.orderNo)).status === 'refunded', 15_000, 'refunded');
    await waitFor(async () => (await wallet()) === before.wallet, 10_000, 'the money back');
    const after = await stock(OIL);
    assert.equal(after.ledgerOnHand, after.quantity);
  });

  it('applies a till’s inventory sync once: the same batch again, or an older one after a newer one, changes nothing; signed per station, each token once', async () => {
    const CHARGER = 7;
    const path = `/api/v1/backoffice/stations/${STATION_ID}/inventory`;
    const token = (body: unknown, stationId = STATION_ID) => signStationToken(stationId, stationSecret(DEV_BACKOFFICE_MASTER_KEY, stationId), { method: 'POST', path, body });
    const sync = (body: unknown, headers: Record<string, string> = { 'x-station-token': token(body) }) => platform.request('POST', path, { json: body, headers });
    const batch = (syncId: string, version: number, quantity: number) => ({ syncId, rows: [{ productId: CHARGER, quantity, version, lowStockThreshold: 5 }] });
    const first = await sync(batch('till-0001', 1000, 30));
    assert.equal(first.status, 200, await first.clone().text());
    assert.deepEqual(((await first.json()) as { rows: unknown[] }).rows, [{ productId: CHARGER, status: 'applied', quantity: 30, reserved: 0, lowStock: false }]);
    const again = (await (await sync(batch('till-0001', 1000, 30))).json()) as { applied: number; stale: number };
    assert.deepEqual([again.applied, again.stale], [0, 1], 'the same batch twice');
    assert.equal(((await (await sync(batch('till-0003', 3000, 4))).json()) as { rows: Array<{ lowStock: boolean }> }).rows[0].lowStock, true, 'at or below the threshold');
    const late = (await (await sync(batch('till-0002', 2000, 99))).json()) as { stale: number };
    assert.equal(late.stale, 1, 'an older count arriving late is ignored');
    assert.deepEqual(await stock(CHARGER), { quantity: 4, reserved: 0, ledgerOnHand: 4, ledgerReserved: 0 });
    // A count below what unpaid orders hold keeps the held units.
    const held = (await (await post('/api/v1/orders/mall', { stationId: STATION_ID, lines: [{ productId: CHARGER, quantity: 3 }], couponIds: [] })).json()) as Order;
    assert.equal(held.status, 'pending_payment');
    await sync(batch('till-0004', 4000, 1));
    assert.deepEqual(await stock(CHARGER), { quantity: 3, reserved: 3, ledgerOnHand: 3, ledgerReserved: 3 });
    // Paid, waiting on the shelf for its buyer: the till counts those 3, but they are sold.
    await post(`/api/v1/payments/intents/${held.intentNo}/attempts`, { method: 'wallet' });
    await waitFor(async () => (await order(held.orderNo)).status === 'ready_for_pickup', 10_000, 'paid');
    assert.deepEqual(await stock(CHARGER), { quantity: 0, reserved: 0, ledgerOnHand: 0, ledgerReserved: 0 });
    await sync(batch('till-0004b', 4500, 3));
    assert.equal((await stock(CHARGER)).quantity, 0, 'goods awaiting pickup are not for sale again');
    // Trust: the station's own signed token, once.
    const used = token(batch('till-0005', 5000, 10));
    assert.equal((await sync(batch('till-0005', 5000, 10), { 'x-station-token': used })).status, 200);
    assert.equal((await sync(batch('till-0005', 5000, 10), { 'x-station-token': used })).status, 401, 'a replayed request');
    assert.equal((await sync(batch('till-0006', 6000, 10), { 'x-station-token': used })).status, 401, 'the token with another body');
    assert.equal((await sync(batch('till-0007', 7000, 10), { 'x-station-token': token(batch('till-0007', 7000, 10), 2) })).status, 401, 'another station’s token');
    assert.equal((await sync(batch('till-0008', 8000, 10), {})).status, 401, 'no token');
    const unknown = await sync({ syncId: 'till-0009', rows: [{ productId: 99_999, quantity: 1, version: 9000 }] });
    assert.equal(unknown.status, 400);
    assert.equal(((await unknown.json()) as { error: { details: { fields: Array<{ field: string }> } } }).error.details.fields[0].field, 'body.rows.0.productId');
    assert.equal((await sync({ syncId: 'till-0010', rows: [{ productId: CHARGER, quantity: -1, version: 9001 }] })).status, 400);
    assert.equal((await stock(CHARGER)).quantity, 7, 'the count of 10, less the 3 awaiting pickup');
  });

  it('keeps a member’s delivery addresses: encrypted at rest, masked on screen, whole only for another service, theirs alone', async () => {
    const created = await post('/api/v1/me/addresses', { recipient: '王小明', phone: '13912345678', region: '四川省 成都市 锦江区', detail: '东大街 99 号 3 栋 2 单元' });
    assert.equal(created.status, 201, await created.clone().text());
    const address = (await created.json()) as Address;
    assert.deepEqual([address.recipient, address.phone, address.isDefault], ['王**', '139****5678', true], 'masked, and the first is the default');
    const second = (await (await post('/api/v1/me/addresses', { recipient: '李四', phone: '13800001111', region: '四川省 成都市 武侯区', detail: '天府大道 100 号', isDefault: true })).json()) as Address;
    const list = (await (await platform.request('GET', '/api/v1/me/addresses', { headers: member.auth })).json()) as Address[];
    assert.deepEqual(list.map((a) => [a.id, a.isDefault]), [[second.id, true], [address.id, false]], 'one default, first in the list');
    const users = await createConnection(platform.databases.user.url);
    const [rows] = await users.query('SELECT recipient_enc, phone_enc, detail_enc FROM member_addresses WHERE id = ?', [address.id]);
    await users.end();
    const stored = JSON.stringify(rows);
    for (const plain of ['王小明', '13912345678', '东大街']) assert.ok(!stored.includes(plain), `${plain} is not stored in clear`);
    const whole = await platform.rpc<Address>('user', addressContracts.forOrder.pattern, { memberId: member.id, id: address.id }, { kind: 'system', id: 'order' });
    assert.deepEqual([whole.recipient, whole.phone, whole.detail], ['王小明', '13912345678', '东大街 99 号 3 栋 2 单元']);
    await assert.rejects(platform.rpc('user', addressContracts.forOrder.pattern, { memberId: member.id, id: address.id }, { kind: 'member', id: String(member.id) }), { code: 'FORBIDDEN' });
    const other = { authorization: `Bearer ${(await platform.memberSession('dev-address-other')).accessToken}` };
    const otherId = (await platform.request('GET', '/api/v1/me/addresses', { headers: other }).then((r) => r.json())) as Address[];
    assert.equal(otherId.length, 0, 'another member sees none of them');
    assert.equal((await platform.request('DELETE', `/api/v1/me/addresses/${address.id}`, { headers: other })).status, 404, 'nor removes them');
    await assert.rejects(platform.rpc('user', addressContracts.forOrder.pattern, { memberId: member.id + 1_000, id: address.id }, { kind: 'system', id: 'order' }), { code: 'NOT_FOUND' });
    const bad = await post('/api/v1/me/addresses', { recipient: '王小明', phone: '12345', region: '四川省 成都市', detail: '东大街 99 号' });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { details: { fields: Array<{ field: string }> } } }).error.details.fields[0].field, 'body.phone');
    assert.equal((await platform.request('DELETE', `/api/v1/me/addresses/${address.id}`, { headers: member.auth })).status, 200);
    assert.equal(((await (await platform.request('GET', '/api/v1/me/addresses', { headers: member.auth })).json()) as Address[]).length, 1);
  });

  it('ships an express order: to the member’s address, handed to the carrier by the station, tracked by signed pushes until signed for', async () => {
    const address = (await (await post('/api/v1/me/addresses', { recipient: '赵六', phone: '13700002222', region: '四川省 成都市 青羊区', detail: '人民中路 1 号' })).json()) as Address;
    const noAddress = await post('/api/v1/orders/mall', { stationId: STATION_ID, lines: [{ productId: OIL, quantity: 1 }], fulfilment: 'express', couponIds: [] });
    assert.equal(noAddress.status, 400, 'express needs an address');
    const other = { authorization: `Bearer ${(await platform.memberSession('dev-express-other')).accessToken}` };
    const notMine = await post('/api/v1/orders/mall', { stationId: STATION_ID, lines: [{ productId: OIL, quantity: 1 }], fulfilment: 'express', addressId: address.id, couponIds: [] }, other);
    assert.equal(notMine.status, 404, 'another member’s address');
    const before = await stock(OIL);
    const placed = await post('/api/v1/orders/mall', { stationId: STATION_ID, lines: [{ productId: OIL, quantity: 1 }], fulfilment: 'express', addressId: address.id, couponIds: [] });
    assert.equal(placed.status, 201, await placed.clone().text());
    const created = (await placed.json()) as Order;
    assert.equal(created.mall!.express!.deliveryLabel, '赵** 137****2222 四川省 成都市 青羊区');
    assert.deepEqual(created, await order(created.orderNo), 'the placement answers the order as it is stored');
    await post(`/api/v1/payments/intents/${created.intentNo}/attempts`, { method: 'wallet' });
    await waitFor(async () => (await order(created.orderNo)).status === 'paid', 10_000, 'paid, waiting to be shipped');
    assert.equal((await order(created.orderNo)).mall!.pickupCode, null, 'no pickup code for express');
    assert.equal((await stock(OIL)).quantity, before.quantity - 1, 'taken from the station’s stock');
    await assert.rejects(platform.rpc('order', orderContracts.ship.pattern, { orderNo: created.orderNo, carrier: 'shunfeng', waybillNo: 'SF1234567890' }, attendant(2)), { code: 'FORBIDDEN' });
    const shipped = await platform.rpc<Order>('order', orderContracts.ship.pattern, { orderNo: created.orderNo, carrier: 'shunfeng', waybillNo: 'SF1234567890' }, attendant(STATION_ID));
    assert.equal(shipped.status, 'shipped');
    await waitFor(async () => (await order(created.orderNo)).status === 'delivered', 15_000, 'signed for (the carrier’s pushes)');
    const delivered = await order(created.orderNo);
    assert.deepEqual(delivered.mall!.express!.tracking.map((t) => t.status), ['签收', '派件', '在途', '揽收'], 'the timeline, newest first, each event once');
    // A forged push changes nothing and is refused in the provider's shape.
    const forged = await platform.request('POST', '/api/v1/logistics/kuaidi100/callback', { body: new URLSearchParams({ param: JSON.stringify({ lastResult: { nu: 'SF1234567890', com: 'shunfeng', state: '0', data: [{ time: '2026-11-29 20:00:00', context: '伪造', status: '在途' }] } }), sign: 'ABC' }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.deepEqual(await forged.json(), { result: false, returnCode: '400', message: '校验失败' });
    assert.equal((await order(created.orderNo)).mall!.express!.tracking.length, 4);
    const pushes = async (waybill: string) => ((await (await fetch(`${platform.logisticsUrl}/_standin/logistics`)).json()) as Array<{ waybill: string; acknowledged: boolean }>).filter((p) => p.waybill === waybill);
    // Acknowledged once our answer reaches the stand-in, which may be a moment after the push's change commits.
    await waitFor(async () => (await pushes('SF1234567890')).every((p) => p.acknowledged), 5_000, 'every push acknowledged');

    // A carrier whose pushes are lost: the order service asks (query) once the tracking goes quiet.
    const quiet = (await (await post('/api/v1/orders/mall', { stationId: STATION_ID, lines: [{ productId: OIL, quantity: 1 }], fulfilment: 'express', addressId: address.id, couponIds: [] })).json()) as Order;
    await post(`/api/v1/payments/intents/${quiet.intentNo}/attempts`, { method: 'wallet' });
    await waitFor(async () => (await order(quiet.orderNo)).status === 'paid', 10_000, 'paid');
    await platform.rpc('order', orderContracts.ship.pattern, { orderNo: quiet.orderNo, carrier: 'zhongtong', waybillNo: 'NOPUSH0000001' }, attendant(STATION_ID));
    await waitFor(async () => (await order(quiet.orderNo)).status === 'delivered', 20_000, 'delivered, found by the query');
    assert.ok((await order(quiet.orderNo)).mall!.express!.tracking.length >= 1);
    assert.deepEqual(await pushes('NOPUSH0000001'), [], 'the carrier pushed nothing for it');
  });

  it('refuses bad baskets with the field named, and takes no price from the client', async () => {
    const field = async (response: Response) => ((await response.json()) as { error: { details: { fields: Array<{ field: string }> } } }).error.details.fields[0].field;
    for (const [what, lines, expected] of [
      ['zero quantity', [{ productId: WATER, quantity: 0 }], 'body.lines.0.quantity'],
      ['negative quantity', [{ productId: WATER, quantity: -1 }], 'body.lines.0.quantity'],
      ['huge quantity', [{ productId: WATER, quantity: 100_000 }], 'body.lines.0.quantity'],
      ['unknown product', [{ productId: 99_999, quantity: 1 }], 'body.lines.0.productId'],
      ['no lines', [], 'body.lines'],
      ['the same product twice', [{ productId: WATER, quantity: 1 }, { productId: WATER, quantity: 1 }], 'body.lines'],
    ] as const) {
      const response = await post('/api/v1/orders/mall', { stationId: STATION_ID, lines, couponIds: [] });
      assert.equal(response.status, 400, what);
      assert.equal(await field(response), expected, what);
    }
    await db.query('DELETE FROM station_stock WHERE station_id = ? AND product_id = ?', [2, OIL]);
    const notSold = await post('/api/v1/orders/mall', { stationId: 2, lines: [{ productId: OIL, quantity: 1 }], couponIds: [] });
    assert.equal(notSold.status, 400, 'not sold at that station');
    assert.equal(await field(notSold), 'body.lines.0.productId');
    assert.equal((await post('/api/v1/orders/mall', { stationId: STATION_ID, lines: [{ productId: WATER, quantity: 1, priceFen: 1 }] })).status, 400, 'a client price is refused');
    assert.equal((await post('/api/v1/orders/mall', { stationId: STATION_ID, lines: [{ productId: WATER, quantity: 1 }], payableFen: 1 })).status, 400);
    const tooMuch = await post('/api/v1/orders/mall', { stationId: STATION_ID, lines: [{ productId: OIL, quantity: 99 }], couponIds: [] });
    assert.equal(tooMuch.status, 422);
    assert.equal(((await tooMuch.json()) as { error: { code: string } }).error.code, 'OUT_OF_STOCK');
    const other = { authorization: `Bearer ${(await platform.memberSession('dev-mall-other')).accessToken}` };
    const mine = (await (await post('/api/v1/orders/mall', { stationId: STATION_ID, lines: [{ productId: WATER, quantity: 1 }], couponIds: [] })).json()) as Order;
    assert.equal((await platform.request('GET', `/api/v1/orders/${mine.orderNo}`, { headers: other })).status, 404);
    assert.equal((await post(`/api/v1/orders/${mine.orderNo}/cancel`, {}, other)).status, 404);
  });

  itLeavesEverythingConsistent(() => platform);

});
