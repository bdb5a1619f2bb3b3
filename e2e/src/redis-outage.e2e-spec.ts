/**
 * Redis stopped under a running platform (a private redis-server, killed and started again empty): nearby search,
 * station detail and the product list answer from the databases, the same as before; members sign in; the sale goes
 * on — keyed fuel orders, wallet payments, a WeChat Pay recharge and its notification, counter confirmations by an
 * attendant signed in before — and changes outside a sale (an address, a cancel, a stock adjustment), each key
 * honoured once before, during and after the outage (the services keep them in their databases); staff sign-in, which needs Redis, answers a clear 503. When Redis is back the GEO index is rebuilt, caches refill, live prices flow again over the channel
 * opened before the outage, and every ledger adds up.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { memberContracts, orderContracts, signStationToken, stationSecret, type Order, type PaymentStart } from '@fuel/shared';
import { DEV_BACKOFFICE_MASTER_KEY } from '@fuel/devkit';
import { freePort } from '@fuel/devkit/testing';
import { createConnection, type Connection } from 'mysql2/promise';
import { isPortOpen, Platform, waitFor } from './platform.js';
import { PriceClient } from './price-client.js';

const NEARBY = '/api/v1/stations/nearby?lat=30.6586&lng=104.0648&radius=3000';
const STATION = 1;

/**
 * The same stations in the same order with the same data; distances agree to a few metres (Redis GEO keeps
 * positions as 52-bit geohashes and uses its own Earth radius; the database path computes from the stored ones).
 */
function assertSameNearby(actual: unknown, expected: unknown): void {
  type Item = { distanceM: number } & Record<string, unknown>;
  const items = (result: unknown) => (result as { items: Item[] }).items;
  const withoutDistance = (result: unknown) => items(result).map(({ distanceM: _distance, ...rest }) => rest);
  assert.deepEqual(withoutDistance(actual), withoutDistance(expected));
  items(actual).forEach((item, i) => assert.ok(Math.abs(item.distanceM - items(expected)[i]!.distanceM) <= 3, `distance ${item.distanceM} vs ${items(expected)[i]!.distanceM}`));
}

describe('Redis outage: answers from the databases or a clear 503, then everything rebuilt', () => {
  let redisPort: number;
  let redis: ChildProcess | undefined;
  let platform: Platform;
  let orderDb: Connection;
  let baseline: { nearby: unknown; detail: unknown; products: unknown };
  /** What the order service itself answers (the gateway holds the product list for up to 30 s). */
  const catalogue = async () => ({ products: await platform.rpc('order', orderContracts.catalogue.pattern, {}), stock: await platform.rpc('order', orderContracts.availability.pattern, { stationId: STATION }) });
  let baselineCatalogue: unknown;
  let member: { id: number; headers: Record<string, string> };
  let watcher: PriceClient;

  const startRedis = async () => {
    redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitFor(() => isPortOpen(redisPort), 10_000, 'redis-server');
  };
  const stopRedis = async () => {
    const exited = new Promise((resolve) => redis!.once('exit', resolve));
    redis!.kill('SIGKILL');
    await exited;
    redis = undefined;
  };
  const get = async (path: string, headers?: Record<string, string>) => {
    const response = await platform.request('GET', path, headers ? { headers } : undefined);
    assert.equal(response.status, 200, `${path}: ${response.status} ${await response.clone().text()}`);
    return response.json();
  };
  const snapshot = async () => ({ nearby: await get(NEARBY), detail: await get(`/api/v1/stations/${STATION}`), products: await get(`/api/v1/products?stationId=${STATION}`) });
  const ordersCount = async () => Number(((await orderDb.query('SELECT COUNT(*) AS n FROM orders'))[0] as Array<{ n: number }>)[0]!.n);
  const wallet = async () => ((await (await platform.request('GET', '/api/v1/me/wallet', { headers: member.headers })).json()) as { balanceFen: number }).balanceFen;
  const orderOf = async (orderNo: string) => (await (await platform.request('GET', `/api/v1/orders/${orderNo}`, { headers: member.headers })).json()) as Order;
  const unavailable = async (response: Response) => {
    const body = (await response.json()) as { error: { code: string; details: { dependency: string } } };
    assert.equal(response.status, 503, JSON.stringify(body));
    assert.deepEqual([body.error.code, body.error.details.dependency], ['SERVICE_UNAVAILABLE', 'redis']);
  };
  let attendant: Record<string, string>;
  const redeemResponse = (code: string, key: string) => platform.request('POST', `/api/v1/staff/stations/${STATION}/redemptions`, { json: { code }, headers: { ...attendant, 'idempotency-key': key } });
  /** The app's sale, each change with its Idempotency-Key; each helper asserts success and returns the answer. */
  const sale = {
    async order(key: string): Promise<Order> {
      const placed = await platform.request('POST', '/api/v1/orders/fuel', { json: { stationId: STATION, pumpNumber: 1, grade: '92', amountFen: 10_000, couponIds: [] }, headers: { ...member.headers, 'idempotency-key': key } });
      assert.equal(placed.status, 201, await placed.clone().text());
      return (await placed.json()) as Order;
    },
    async pay(intentNo: string, key: string): Promise<PaymentStart> {
      const paid = await platform.request('POST', `/api/v1/payments/intents/${intentNo}/attempts`, { json: { method: 'wallet' }, headers: { ...member.headers, 'idempotency-key': key } });
      assert.equal(paid.status, 200, await paid.clone().text());
      return (await paid.json()) as PaymentStart;
    },
    async run(prefix: string) {
      const order = await sale.order(`${prefix}-order`);
      const paid = await sale.pay(order.intentNo!, `${prefix}-pay`);
      assert.equal(paid.wallet?.status, 'succeeded');
      return { orderKey: `${prefix}-order`, payKey: `${prefix}-pay`, order, paid, redeemed: undefined as unknown };
    },
    async recharge(amountFen: number, key: string): Promise<{ intentNo: string }> {
      const created = await platform.request('POST', '/api/v1/payments/recharges', { json: { amountFen }, headers: { ...member.headers, 'idempotency-key': key } });
      assert.equal(created.status, 201, await created.clone().text());
      return (await created.json()) as { intentNo: string };
    },
    async payWithWechat(intentNo: string): Promise<void> {
      const start = (await (await platform.request('POST', `/api/v1/payments/intents/${intentNo}/attempts`, { json: { method: 'wechat' }, headers: member.headers })).json()) as PaymentStart;
      assert.equal((await fetch(`${platform.wechatPayUrl}/_standin/cashier/${start.wechat!.package.replace('prepay_id=', '')}/pay`, { method: 'POST' })).status, 200);
    },
    async redeem(code: string, key: string): Promise<unknown> {
      const confirmed = await redeemResponse(code, key);
      assert.equal(confirmed.status, 200, await confirmed.clone().text());
      return confirmed.json();
    },
  };
  let manager: Record<string, string>;
  /**
   * Changes outside a sale, each sent with its Idempotency-Key and kept by its service in `kept_replies`: a new
   * address, a cancelled order, a stock adjustment. Each asserts the status and returns the answer.
   */
  const keyed = async (method: string, path: string, json: unknown, headers: Record<string, string>, key: string, status = 200) => {
    const response = await platform.request(method, path, { json, headers: { ...headers, 'idempotency-key': key } });
    assert.equal(response.status, status, `${method} ${path}: ${await response.clone().text()}`);
    return response.json() as Promise<unknown>;
  };
  const change = {
    address: (key: string) => keyed('POST', '/api/v1/me/addresses', { recipient: '王小明', phone: '13912345678', region: '四川省 成都市 锦江区', detail: `东大街 ${key}` }, member.headers, key, 201),
    cancel: (orderNo: string, key: string) => keyed('POST', `/api/v1/orders/${orderNo}/cancel`, undefined, member.headers, key),
    adjust: (key: string) => keyed('POST', `/api/v1/staff/stations/${STATION}/inventory/adjustments`, { productId: 1, delta: 3, reason: 'restock' }, manager, key),
  };
  const addressCount = async () => ((await get('/api/v1/me/addresses', member.headers)) as unknown[]).length;
  const movementCount = async () => Number(((await orderDb.query('SELECT COUNT(*) AS n FROM stock_movements WHERE station_id = ? AND product_id = 1', [STATION]))[0] as Array<{ n: number }>)[0]!.n);
  let keptDuring: { address: unknown; cancelled: unknown; adjusted: unknown; cancelKey: string } | undefined;
  /** The order a placement answered (its status moves on as it is paid; the order is the same one). */
  const sameOrder = (order: Order) => ({ orderNo: order.orderNo, intentNo: order.intentNo, payableFen: order.payableFen, createdAt: order.createdAt });
  let first: Awaited<ReturnType<typeof sale.run>>;
  let during: Awaited<ReturnType<typeof sale.run>> | undefined;

  before(async () => {
    redisPort = await freePort();
    await startRedis();
    platform = await Platform.start({ redisUrl: `redis://127.0.0.1:${redisPort}` });
    orderDb = await createConnection(platform.databases.order.url);
    const session = await platform.memberSession('dev-redis-outage');
    member = { id: session.user.id, headers: { authorization: `Bearer ${session.accessToken}` } };
    await platform.rpc('user', memberContracts.credit.pattern, { memberId: member.id, amountFen: 100_000, kind: 'recharge', idempotencyKey: 'e2e-redis-outage' }, { kind: 'system', id: 'payment' });
    attendant = { authorization: `Bearer ${await platform.staffToken('attendant.cd-jj-01', '13800000003')}` };
    manager = { authorization: `Bearer ${await platform.staffToken('manager.cd-jj-01', '13800000002')}` };
    first = await sale.run('e2e-out-bef');
    baseline = await snapshot();
    baselineCatalogue = await catalogue();
    watcher = new PriceClient(platform.priceChannelUrl);
    await watcher.opened;
    watcher.send({ type: 'subscribe', stationIds: [STATION] });
    await watcher.next((m) => m.type === 'snapshot');
  });

  after(async () => {
    watcher?.close();
    await orderDb?.end();
    if (!redis) await startRedis().catch(() => undefined); // for the platform's own clean-up
    await platform?.close();
    redis?.kill('SIGKILL');
  });

  it('with Redis down, nearby search, station detail and products answer from the databases, as before', async () => {
    await stopRedis();
    const during = await snapshot();
    assertSameNearby(during.nearby, baseline.nearby);
    assert.deepEqual(during.detail, baseline.detail);
    assert.deepEqual(during.products, baseline.products);
    assert.deepEqual(await catalogue(), baselineCatalogue, 'the order service reads its database');
    assert.ok((baseline.nearby as { items: unknown[] }).items.length > 0);
  });

  it('with Redis down, the sale goes on: keyed orders, wallet payments, a WeChat Pay recharge and counter redemptions, each key once', async () => {
    // Still needing Redis, and saying so: staff sign-in (its SMS codes and attempt counters live there).
    assert.equal((await platform.request('POST', '/api/v1/auth/wechat/login', { json: { code: 'dev-redis-outage-2' } })).status, 200);
    await unavailable(await platform.request('POST', '/api/v1/staff/auth/login', { json: { username: 'manager.cd-jj-01', password: 'Fuel@2026' } }));
    // The keys used before the outage give the same answers now.
    assert.deepEqual(sameOrder(await sale.order(first.orderKey)), sameOrder(first.order), 'the order placed before, the same');
    assert.deepEqual(await sale.pay(first.order.intentNo!, first.payKey), first.paid, 'the payment made before, the same');
    // New keyed sales go through, once each however often sent.
    const balance = await wallet();
    const orders = await ordersCount();
    during = await sale.run('e2e-out-dur');
    assert.deepEqual(sameOrder(await sale.order(during.orderKey)), sameOrder(during.order));
    assert.deepEqual(await sale.pay(during.order.intentNo!, during.payKey), during.paid);
    assert.equal(await ordersCount(), orders + 1, 'one order for its key');
    assert.equal(await wallet(), balance - during.order.payableFen, 'one debit for its key');
    // A WeChat Pay recharge: its notification is taken and the wallet credited (the relay runs without Redis).
    const recharge = await sale.recharge(50_000, 'e2e-out-rch-1');
    assert.deepEqual(await sale.recharge(50_000, 'e2e-out-rch-1'), recharge, 'the same recharge for its key');
    await sale.payWithWechat(recharge.intentNo);
    await waitFor(async () => (await wallet()) === balance - during!.order.payableFen + 50_000, 15_000, 'the recharge credited');
    // The attendant signed in before the outage confirms at the counter, once per key.
    await waitFor(async () => (await orderOf(first.order.orderNo)).status === 'paid', 15_000, 'the first order paid');
    first.redeemed = await sale.redeem(first.order.orderNo, 'e2e-out-red-1');
    assert.equal((first.redeemed as { order: Order }).order.status, 'completed');
    assert.deepEqual(await sale.redeem(first.order.orderNo, 'e2e-out-red-1'), first.redeemed, 'the same confirmation for its key');
    const reused = await redeemResponse(during.order.orderNo, 'e2e-out-red-1');
    assert.equal(reused.status, 422, 'a key used for another code is refused');
  });

  it('with Redis down, changes outside a sale go through once per key: an address, a cancel, a stock adjustment', async () => {
    const [addresses, movements] = [await addressCount(), await movementCount()];
    const unpaid = await sale.order('e2e-out-cxl-order');
    const address = await change.address('e2e-out-adr-1');
    const cancelled = await change.cancel(unpaid.orderNo, 'e2e-out-cxl-1');
    const adjusted = await change.adjust('e2e-out-adj-1');
    assert.equal((cancelled as Order).status, 'cancelled');
    // Sent again (a lost answer): the same answers, nothing done twice.
    assert.deepEqual(await change.address('e2e-out-adr-1'), address);
    assert.deepEqual(await change.cancel(unpaid.orderNo, 'e2e-out-cxl-1'), cancelled, 'not "订单已取消"');
    assert.deepEqual(await change.adjust('e2e-out-adj-1'), adjusted);
    assert.equal(await addressCount(), addresses + 1, 'one address for its key');
    assert.equal(await movementCount(), movements + 1, 'one stock movement for its key');
    // The key with another request is refused.
    const reused = await platform.request('POST', '/api/v1/me/addresses', { json: { recipient: '李四', phone: '13800001111', region: '四川省 成都市 武侯区', detail: '天府大道 100 号' }, headers: { ...member.headers, 'idempotency-key': 'e2e-out-adr-1' } });
    assert.equal(reused.status, 422);
    keptDuring = { address, cancelled, adjusted, cancelKey: 'e2e-out-cxl-1' };
    // A station's back office sets a price: its token's nonce is kept with the change, so it works without Redis,
    // and once only.
    const detail = baseline.detail as { prices: Array<{ grade: string; regularFen: number }> };
    const regularFen = detail.prices.find((p) => p.grade === '92')!.regularFen + 1;
    const body = { changes: [{ grade: '92', regularFen, memberFen: { silver: regularFen - 10, gold: regularFen - 20, diamond: regularFen - 30 } }] };
    const path = `/api/v1/backoffice/stations/${STATION}/prices`;
    const token = signStationToken(STATION, stationSecret(DEV_BACKOFFICE_MASTER_KEY, STATION), { method: 'POST', path, body });
    const push = () => platform.request('POST', path, { json: body, headers: { 'x-station-token': token } });
    const pushed = await push();
    assert.equal(pushed.status, 200, await pushed.clone().text());
    assert.equal((await push()).status, 401, 'the token works once');
    const now = (await get(`/api/v1/stations/${STATION}`)) as { prices: Array<{ grade: string; regularFen: number }> };
    assert.equal(now.prices.find((p) => p.grade === '92')!.regularFen, regularFen);
    baseline = await snapshot(); // what the searches show from now on
  });

  it('when Redis is back (empty), the GEO index is rebuilt, live prices flow again, and every ledger adds up', async () => {
    await startRedis();
    const probe = new Redis(`redis://127.0.0.1:${redisPort}`);
    try {
      const mapDb = await createConnection(platform.databases.map.url);
      const stations = Number(((await mapDb.query('SELECT COUNT(*) AS n FROM stations'))[0] as Array<{ n: number }>)[0]!.n);
      await mapDb.end();
      await waitFor(async () => (await probe.zcard(`${platform.redisPrefix}geo:stations`)) === stations, 15_000, 'the GEO index rebuilt');
    } finally {
      probe.disconnect();
    }
    assertSameNearby((await snapshot()).nearby, baseline.nearby);
    // The price channel opened before the outage gets the next push.
    const detail = baseline.detail as { prices: Array<{ grade: string; regularFen: number }> };
    const regularFen = detail.prices.find((p) => p.grade === '95')!.regularFen + 3;
    const push = await platform.backofficePrices(STATION, { changes: [{ grade: '95', regularFen, memberFen: { silver: regularFen - 10, gold: regularFen - 20, diamond: regularFen - 30 } }] });
    assert.equal(push.status, 200, await push.clone().text());
    // (The 92 change made during the outage goes out first, from the outbox, when Redis is back.)
    const live = await watcher.next((m) => m.type === 'price' && m.changes!.some((c) => c.grade === '95'), 5_000);
    assert.deepEqual(live.changes!.map((c) => [c.grade, c.regularFen]), [['95', regularFen]]);
    // The keys of before and during the outage give the same answers after it (Redis came back empty).
    assert.deepEqual(sameOrder(await sale.order(first.orderKey)), sameOrder(first.order));
    assert.deepEqual(await sale.pay(during!.order.intentNo!, during!.payKey), during!.paid);
    assert.deepEqual(await sale.redeem(first.order.orderNo, 'e2e-out-red-1'), first.redeemed);
    assert.deepEqual(await change.address('e2e-out-adr-1'), keptDuring!.address);
    assert.deepEqual(await change.cancel((keptDuring!.cancelled as Order).orderNo, keptDuring!.cancelKey), keptDuring!.cancelled);
    assert.deepEqual(await change.adjust('e2e-out-adj-1'), keptDuring!.adjusted);
    // And new sales go on.
    const after = await sale.run('e2e-out-aft');
    assert.equal(after.paid.wallet?.status, 'succeeded');
    const verified = await platform.verify();
    assert.equal(verified.code, 0, verified.out);
  });
});
