/**
 * Redis stopped under a running platform (a private redis-server, killed and started again empty): nearby search,
 * station detail and the product list answer from the databases, the same as before; sign-in works; what needs
 * Redis to be right (staff sessions and codes, idempotency keys) answers a clear 503 and changes nothing; no answer
 * is wrong. When Redis is back the GEO index is rebuilt, caches refill, live prices flow again over the channel
 * opened before the outage, and every ledger adds up.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { memberContracts, orderContracts, type Order, type PaymentStart } from '@fuel/shared';
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
  const get = async (path: string) => {
    const response = await platform.request('GET', path);
    assert.equal(response.status, 200, `${path}: ${response.status} ${await response.clone().text()}`);
    return response.json();
  };
  const snapshot = async () => ({ nearby: await get(NEARBY), detail: await get(`/api/v1/stations/${STATION}`), products: await get(`/api/v1/products?stationId=${STATION}`) });
  const ordersCount = async () => Number(((await orderDb.query('SELECT COUNT(*) AS n FROM orders'))[0] as Array<{ n: number }>)[0]!.n);
  const wallet = async () => ((await (await platform.request('GET', '/api/v1/me/wallet', { headers: member.headers })).json()) as { balanceFen: number }).balanceFen;
  const placeFuelOrder = (headers: Record<string, string>) => platform.request('POST', '/api/v1/orders/fuel', { json: { stationId: STATION, pumpNumber: 1, grade: '92', amountFen: 10_000, couponIds: [] }, headers: { ...member.headers, ...headers } });

  before(async () => {
    redisPort = await freePort();
    await startRedis();
    platform = await Platform.start({ redisUrl: `redis://127.0.0.1:${redisPort}` });
    orderDb = await createConnection(platform.databases.order.url);
    const session = await platform.memberSession('dev-redis-outage');
    member = { id: session.user.id, headers: { authorization: `Bearer ${session.accessToken}` } };
    await platform.rpc('user', memberContracts.credit.pattern, { memberId: member.id, amountFen: 100_000, kind: 'recharge', idempotencyKey: 'e2e-redis-outage' }, { kind: 'system', id: 'payment' });
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

  it('with Redis down, members sign in; what needs Redis answers 503 SERVICE_UNAVAILABLE and changes nothing', async () => {
    assert.equal((await platform.request('POST', '/api/v1/auth/wechat/login', { json: { code: 'dev-redis-outage-2' } })).status, 200);
    const unavailable = async (response: Response) => {
      const body = (await response.json()) as { error: { code: string; details: { dependency: string } } };
      assert.equal(response.status, 503, JSON.stringify(body));
      assert.deepEqual([body.error.code, body.error.details.dependency], ['SERVICE_UNAVAILABLE', 'redis']);
    };
    // Staff sign-in keeps its codes and sessions in Redis.
    await unavailable(await platform.request('POST', '/api/v1/staff/auth/login', { json: { username: 'manager.cd-jj-01', password: 'Fuel@2026' } }));
    // A retry-safe order (the app sends an idempotency key with every change) cannot be made retry-safe now.
    const orders = await ordersCount();
    await unavailable(await placeFuelOrder({ 'idempotency-key': 'e2e-outage-order-1' }));
    assert.equal(await ordersCount(), orders, 'no order made');
    // Without a key the order and its wallet payment go through, or are refused; never a wrong balance.
    const balance = await wallet();
    const placed = await placeFuelOrder({});
    if (placed.status === 201) {
      const order = (await placed.json()) as Order;
      const paid = await platform.request('POST', `/api/v1/payments/intents/${order.intentNo}/attempts`, { json: { method: 'wallet' }, headers: member.headers });
      const expected = paid.status === 200 && ((await paid.json()) as PaymentStart).wallet?.status === 'succeeded' ? balance - order.payableFen : balance;
      assert.equal(await wallet(), expected);
    } else {
      await unavailable(placed);
    }
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
    const live = await watcher.next((m) => m.type === 'price', 5_000);
    assert.deepEqual(live.changes!.map((c) => [c.grade, c.regularFen]), [['95', regularFen]]);
    // Orders with idempotency keys work again, and pay.
    const placed = await placeFuelOrder({ 'idempotency-key': 'e2e-outage-order-2' });
    assert.equal(placed.status, 201);
    const order = (await placed.json()) as Order;
    const paid = (await (await platform.request('POST', `/api/v1/payments/intents/${order.intentNo}/attempts`, { json: { method: 'wallet' }, headers: { ...member.headers, 'idempotency-key': 'e2e-outage-pay-2' } })).json()) as PaymentStart;
    assert.equal(paid.wallet?.status, 'succeeded');
    const verified = await platform.verify();
    assert.equal(verified.code, 0, verified.out);
  });
});
