/**
 * 一键加油 end to end on the real services: the member quotes and places a fuel order for a pump (priced by the
 * server from the station's live prices, the member's tier and the best coupon), pays it from the wallet, sees it
 * paid on that pump's board and in their orders, asks for the money back; cancels an unpaid one; an unpaid one
 * expires. Every order route is tried by a second member, by staff and without a token.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { memberContracts, orderContracts, type FuelBreakdown, type Order, type Page, type PaymentIntent, type PaymentStart, type StationDetail } from '@fuel/shared';
import { createConnection } from 'mysql2/promise';
import { itLeavesEverythingConsistent, Platform, waitFor } from './platform.js';

const STATION_ID = 1;

describe('一键加油: fuel orders paid at the pump', () => {
  let platform: Platform;
  let member: { id: number; auth: Record<string, string> };
  let other: Record<string, string>;
  let station: StationDetail;

  before(async () => {
    platform = await Platform.start({ env: { ORDER_JOBS_INTERVAL_MS: '500', ORDER_EXPIRY_GRACE_SECONDS: '0', RECONCILE_INTERVAL_MS: '500', RECONCILE_GRACE_MS: '1500' } });
    const session = await platform.memberSession('dev-fuel-driver');
    member = { id: session.user.id, auth: { authorization: `Bearer ${session.accessToken}` } };
    // 3000 CNY recharged: 黄金 (gold) prices from now on.
    await platform.rpc('user', memberContracts.credit.pattern, { memberId: member.id, amountFen: 300_000, kind: 'recharge', idempotencyKey: 'e2e-fuel-topup-1' }, { kind: 'system', id: 'payment' });
    other = { authorization: `Bearer ${(await platform.memberSession('dev-fuel-other')).accessToken}` };
    station = (await (await platform.request('GET', `/api/v1/stations/${STATION_ID}`)).json()) as StationDetail;
  });

  after(async () => {
    await platform?.close();
  });

  const post = (path: string, json: unknown, auth = member.auth) => platform.request('POST', path, { json, headers: auth });
  const get = (path: string, auth = member.auth) => platform.request('GET', path, { headers: auth });
  const order = async (orderNo: string) => (await (await get(`/api/v1/orders/${orderNo}`)).json()) as Order;
  const pump3 = () => {
    const pump = station.pumps.find((p) => p.number === 3)!;
    const grade = pump.nozzles[0].grade;
    return { pump, grade, price: station.prices.find((p) => p.grade === grade)! };
  };
  /** The documented rule, written here again by hand: amount × member price ÷ regular price, half up. */
  const memberAmount = (amountFen: number, regular: number, member: number) => Math.floor((2 * amountFen * member + regular) / (2 * regular));
  async function couponStatus(id: number): Promise<string> {
    const connection = await createConnection(platform.databases.user.url);
    try {
      const [rows] = await connection.query('SELECT status FROM coupons WHERE id = ?', [id]);
      return (rows as Array<{ status: string }>)[0].status;
    } finally {
      await connection.end();
    }
  }

  it('quotes 300 CNY at pump 3 at the gold price with the best 满200减15 coupon; nothing is held', async () => {
    const { grade, price } = pump3();
    const response = await post('/api/v1/orders/fuel/quote', { stationId: STATION_ID, pumpNumber: 3, grade, amountFen: 30_000 });
    assert.equal(response.status, 200, await response.clone().text());
    const quote = (await response.json()) as FuelBreakdown;
    const expectedMember = memberAmount(30_000, price.regularFen, price.memberFen.gold);
    assert.equal(quote.priceKey, 'gold');
    assert.equal(quote.memberUnitFen, price.memberFen.gold);
    assert.equal(quote.memberDiscountFen, 30_000 - expectedMember);
    assert.equal(quote.coupons.length, 1);
    assert.match(quote.coupons[0].name, /满200减15/);
    assert.equal(quote.coupons[0].discountFen, 1500);
    assert.equal(quote.payableFen, expectedMember - 1500);
    assert.equal(quote.memberDiscountFen + quote.couponDiscountFen + quote.payableFen, 30_000);
    assert.equal(await couponStatus(quote.coupons[0].id), 'available');
    const without = (await (await post('/api/v1/orders/fuel/quote', { stationId: STATION_ID, pumpNumber: 3, grade, amountFen: 30_000, couponIds: [] })).json()) as FuelBreakdown;
    assert.equal(without.payableFen, expectedMember);
  });

  it('places the order (coupon held, intent created), pays it from the wallet, shows it on pump 3 and in the orders; points earned, coupon used', async () => {
    const { grade } = pump3();
    const before = (await (await get('/api/v1/me')).json()) as { points: number };
    const quote = (await (await post('/api/v1/orders/fuel/quote', { stationId: STATION_ID, pumpNumber: 3, grade, amountFen: 30_000 })).json()) as FuelBreakdown;
    const placed = await post('/api/v1/orders/fuel', { stationId: STATION_ID, pumpNumber: 3, grade, amountFen: 30_000, couponIds: quote.coupons.map((c) => c.id) });
    assert.equal(placed.status, 201, await placed.clone().text());
    const created = (await placed.json()) as Order;
    assert.match(created.orderNo, /^F\d{8}[0-9A-Z]{8}$/);
    assert.equal(created.status, 'pending_payment');
    assert.equal(created.payableFen, quote.payableFen);
    assert.deepEqual(created.fuel, { ...quote });
    assert.deepEqual(created, (await (await get(`/api/v1/orders/${created.orderNo}`)).json()) as Order, 'the placement answers the order as it is stored');
    assert.equal(await couponStatus(quote.coupons[0].id), 'locked');
    const intent = (await (await get(`/api/v1/payments/intents/${created.intentNo}`)).json()) as PaymentIntent;
    assert.equal(intent.amountFen, quote.payableFen, 'the intent charges the server’s payable');
    assert.equal(intent.payableKind, 'fuel_order');
    const paid = (await (await post(`/api/v1/payments/intents/${created.intentNo}/attempts`, { method: 'wallet' })).json()) as PaymentStart;
    assert.equal(paid.wallet?.status, 'succeeded');
    await waitFor(async () => (await order(created.orderNo)).status === 'paid', 10_000, 'the order paid');
    const board = await platform.rpc<{ pumps: Array<{ pumpNumber: number; orders: Array<{ orderNo: string; litres: string }> }> }>('order', orderContracts.pumpBoard.pattern, { stationId: STATION_ID }, { kind: 'system', id: 'e2e' });
    const onPump = board.pumps.find((p) => p.pumpNumber === 3)?.orders.find((o) => o.orderNo === created.orderNo);
    assert.equal(onPump?.litres, quote.litres, 'on pump 3’s board');
    const list = (await (await get('/api/v1/orders?kind=fuel&status=paid')).json()) as Page<Order>;
    assert.ok(list.items.some((o) => o.orderNo === created.orderNo));
    await waitFor(async () => (await couponStatus(quote.coupons[0].id)) === 'used', 10_000, 'the coupon used');
    await waitFor(async () => ((await (await get('/api/v1/me')).json()) as { points: number }).points === before.points + Math.floor(quote.payableFen / 100), 10_000, 'points on the yuan paid');
    const detail = await order(created.orderNo);
    assert.deepEqual(detail.transitions.map((t) => t.to), ['pending_payment', 'paid']);
  });

  it('refunds a paid fuel order through the station’s staff (not the member alone): the money back to the wallet, the coupon back, the points taken back', async () => {
    const { grade } = pump3();
    const before = (await (await get('/api/v1/me/wallet')).json()) as { balanceFen: number };
    const pointsBefore = ((await (await get('/api/v1/me')).json()) as { points: number }).points;
    const created = (await (await post('/api/v1/orders/fuel', { stationId: STATION_ID, pumpNumber: 3, grade, amountFen: 25_000 })).json()) as Order;
    const couponId = created.fuel!.coupons[0].id;
    await post(`/api/v1/payments/intents/${created.intentNo}/attempts`, { method: 'wallet' });
    await waitFor(async () => (await order(created.orderNo)).status === 'paid', 10_000, 'paid');
    // The fuel may have been pumped: a member cannot refund it alone; the station's staff can.
    const self = await post(`/api/v1/orders/${created.orderNo}/refund`, {});
    assert.equal(self.status, 409);
    assert.match(((await self.json()) as { error: { message: string } }).error.message, /联系加油站工作人员/);
    await assert.rejects(platform.rpc('order', orderContracts.refundByStation.pattern, { orderNo: created.orderNo }, { kind: 'staff', id: 'e2e-attendant-2', role: 'attendant', stationId: '2', regionCode: 'JJ' }), { code: 'FORBIDDEN' });
    const asked = await platform.rpc<Order>('order', orderContracts.refundByStation.pattern, { orderNo: created.orderNo }, { kind: 'staff', id: 'e2e-manager-1', role: 'manager', stationId: String(STATION_ID), regionCode: 'JJ' });
    assert.equal(asked.status, 'refund_requested');
    await waitFor(async () => (await order(created.orderNo)).status === 'refunded', 15_000, 'refunded');
    await waitFor(async () => ((await (await get('/api/v1/me/wallet')).json()) as { balanceFen: number }).balanceFen === before.balanceFen, 10_000, 'the wallet whole again');
    await waitFor(async () => (await couponStatus(couponId)) === 'available', 10_000, 'the coupon back');
    await waitFor(async () => ((await (await get('/api/v1/me')).json()) as { points: number }).points === pointsBefore, 10_000, 'the points taken back');
    await assert.rejects(platform.rpc('order', orderContracts.refundByStation.pattern, { orderNo: created.orderNo }, { kind: 'system', id: 'e2e' }), { code: 'CONFLICT' }, 'once');
  });

  it('cancels an unpaid order: coupon back, the intent closed so it can no longer be paid', async () => {
    const { grade } = pump3();
    const created = (await (await post('/api/v1/orders/fuel', { stationId: STATION_ID, pumpNumber: 3, grade, amountFen: 20_000 })).json()) as Order;
    const couponId = created.fuel!.coupons[0].id;
    const cancelled = await post(`/api/v1/orders/${created.orderNo}/cancel`, {});
    assert.equal(cancelled.status, 200, await cancelled.clone().text());
    assert.equal(((await cancelled.json()) as Order).status, 'cancelled');
    await waitFor(async () => (await couponStatus(couponId)) === 'available', 10_000, 'the coupon back');
    assert.equal((await post(`/api/v1/payments/intents/${created.intentNo}/attempts`, { method: 'wallet' })).status, 409, 'a closed intent takes no payment');
    assert.equal((await post(`/api/v1/orders/${created.orderNo}/cancel`, {})).status, 409);
  });

  it('expires an unpaid order after its time: cancelled, coupon back', async () => {
    const { grade } = pump3();
    const created = (await (await post('/api/v1/orders/fuel', { stationId: STATION_ID, pumpNumber: 3, grade, amountFen: 21_000 })).json()) as Order;
    const couponId = created.fuel!.coupons[0].id;
    const connection = await createConnection(platform.databases.order.url);
    await connection.query('UPDATE orders SET expires_at = ? WHERE order_no = ?', [new Date(platform.now.getTime() - 1000), created.orderNo]);
    await connection.end();
    await waitFor(async () => (await order(created.orderNo)).status === 'cancelled', 10_000, 'expired');
    assert.equal((await order(created.orderNo)).transitions.at(-1)?.reason, 'expired');
    await waitFor(async () => (await couponStatus(couponId)) === 'available', 10_000, 'the coupon back');
  });

  it('refuses bad input with the field named, and never takes a price from the client', async () => {
    const { grade } = pump3();
    const body = { stationId: STATION_ID, pumpNumber: 3, grade, amountFen: 30_000 };
    const field = async (response: Response) => ((await response.json()) as { error: { details: { fields: Array<{ field: string }> } } }).error.details.fields[0].field;
    for (const [what, changes, expected] of [
      ['zero amount', { amountFen: 0 }, 'body.amountFen'],
      ['negative amount', { amountFen: -100 }, 'body.amountFen'],
      ['huge amount', { amountFen: 100_000_000 }, 'body.amountFen'],
      ['fractional fen', { amountFen: 100.5 }, 'body.amountFen'],
      ['no such pump', { pumpNumber: 42 }, 'body.pumpNumber'],
      ['a grade the pump does not serve', { grade: station.pumps.find((p) => p.number === 3)!.nozzles.some((n) => n.grade === '0') ? '98' : '0' }, 'body.grade'],
      ['an unknown grade', { grade: '89' }, 'body.grade'],
    ] as const) {
      const response = await post('/api/v1/orders/fuel', { ...body, ...changes });
      assert.equal(response.status, 400, what);
      assert.equal(await field(response), expected, what);
    }
    const priced = await post('/api/v1/orders/fuel', { ...body, payableFen: 1 });
    assert.equal(priced.status, 400, 'a client-supplied price is refused');
    assert.equal((await post('/api/v1/orders/fuel', { ...body, stationId: 999_999 })).status, 404);
    const small = await post('/api/v1/orders/fuel', { ...body, amountFen: 10_000, couponIds: [(await (await post('/api/v1/orders/fuel/quote', body)).json() as FuelBreakdown).coupons[0].id] });
    assert.equal(small.status, 422, 'a 满200减15 coupon does not fit 100 CNY');
    assert.equal(((await small.json()) as { error: { code: string } }).error.code, 'COUPON_NOT_APPLICABLE');
  });

  it('keeps orders to their member: another member, staff and no token are refused on every route', async () => {
    const { grade } = pump3();
    const created = (await (await post('/api/v1/orders/fuel', { stationId: STATION_ID, pumpNumber: 3, grade, amountFen: 10_000, couponIds: [] })).json()) as Order;
    assert.equal((await get(`/api/v1/orders/${created.orderNo}`, other)).status, 404, 'read');
    assert.equal((await post(`/api/v1/orders/${created.orderNo}/cancel`, {}, other)).status, 404, 'cancel');
    assert.equal((await post(`/api/v1/orders/${created.orderNo}/refund`, {}, other)).status, 404, 'refund');
    assert.equal(((await (await get('/api/v1/orders', other)).json()) as Page<Order>).items.length, 0, 'list');
    assert.equal((await get(`/api/v1/payments/intents/${created.intentNo}`, other)).status, 403, 'its intent');
    const staff = { authorization: `Bearer ${await platform.staffToken('manager.cd-jj-01', '13800000002')}` };
    for (const [method, path] of [['GET', '/api/v1/orders'], ['GET', `/api/v1/orders/${created.orderNo}`], ['POST', `/api/v1/orders/${created.orderNo}/cancel`], ['POST', '/api/v1/orders/fuel/quote'], ['POST', '/api/v1/orders/fuel']]) {
      assert.equal((await platform.request(method, path, { json: method === 'POST' ? {} : undefined, headers: staff })).status, 403, `staff ${method} ${path}`);
      assert.equal((await platform.request(method, path, { json: method === 'POST' ? {} : undefined })).status, 401, `anonymous ${method} ${path}`);
    }
    await assert.rejects(platform.rpc('order', orderContracts.paid.pattern, { orderNo: created.orderNo, intentNo: created.intentNo, amountFen: created.payableFen }, { kind: 'system', id: 'map' }), { code: 'FORBIDDEN' });
    await assert.rejects(platform.rpc('order', orderContracts.pumpBoard.pattern, { stationId: STATION_ID }, { kind: 'member', id: String(member.id) }), { code: 'FORBIDDEN' });
    assert.equal((await order(created.orderNo)).status, 'pending_payment', 'nothing changed');
  });

  itLeavesEverythingConsistent(() => platform);

});
