/**
 * The platform on a real MariaDB primary and GTID replica (two private servers, scripts/lib/private-mariadb.mjs):
 * the replica follows the primary and serves the reads named for it (station lists, reports) when it has caught
 * up; with its applying stopped (replication lag) a member's write is read back at once, reports are still
 * exact (served by the primary), and money and stock decisions allow no overspend and no oversell.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { memberContracts, type Order, type PaymentStart, type StationStats } from '@fuel/shared';
import { freePort } from '@fuel/devkit/testing';
import { createConnection, type Connection } from 'mysql2/promise';
import { Platform, repoRoot, waitFor, type Service } from './platform.js';
import type { Replica } from './replica.js';

interface Pair {
  primaryUrl: string;
  replicaUrl: string;
  stopReplica(): Promise<void>;
  stop(): Promise<void>;
}

describe('a real primary and replica: reads never stale, decisions on the primary', () => {
  let pair: Pair;
  let platform: Platform;
  let replica: Replica;
  let orderDb: Connection;
  let manager: { authorization: string };

  before(async () => {
    const { startReplicatedPair } = (await import(pathToFileURL(join(repoRoot, 'scripts/lib/private-mariadb.mjs')).href)) as { startReplicatedPair(ports: { primaryPort: number; replicaPort: number }): Promise<Pair> };
    pair = await startReplicatedPair({ primaryPort: await freePort(), replicaPort: await freePort() });
    platform = await Platform.start({ mysql: { serverUrl: pair.primaryUrl, replicaUrl: pair.replicaUrl } });
    replica = platform.replica!;
    orderDb = await createConnection(platform.databases.order.url);
    manager = { authorization: `Bearer ${await platform.staffToken('manager.cd-jj-01', '13800000002')}` };
  });

  after(async () => {
    await replica?.resumeApplying().catch(() => undefined); // the replica may be gone (the last test)
    await orderDb?.end();
    await platform?.close();
    await pair?.stop();
  });

  const replicaReads = async (service: Service) => (await platform.replicaReads())[service];
  const member = async (code: string, walletFen: number) => {
    const session = await platform.memberSession(code);
    if (walletFen) await platform.rpc('user', memberContracts.credit.pattern, { memberId: session.user.id, amountFen: walletFen, kind: 'recharge', idempotencyKey: `e2e-replica-${code}` }, { kind: 'system', id: 'payment' });
    return { id: session.user.id, headers: { authorization: `Bearer ${session.accessToken}` } };
  };
  const fuelOrder = async (headers: Record<string, string>, amountFen: number) => {
    const response = await platform.request('POST', '/api/v1/orders/fuel', { json: { stationId: 1, pumpNumber: 1, grade: '92', amountFen, couponIds: [] }, headers });
    assert.equal(response.status, 201, await response.clone().text());
    return (await response.json()) as Order;
  };
  const payFromWallet = (order: Order, headers: Record<string, string>) => platform.request('POST', `/api/v1/payments/intents/${order.intentNo}/attempts`, { json: { method: 'wallet' }, headers });
  const todaysFuelOrders = async () => ((await (await platform.request('GET', '/api/v1/staff/stations/1/stats?period=day', { headers: manager })).json()) as StationStats).buckets.at(-1)!.fuelOrders;

  it('the replica follows the primary and serves station lists and reports', async () => {
    const driver = await member('dev-replica-follows', 0);
    await replica.caughtUp();
    const rows = await replica.rows(`SELECT id FROM \`${platform.databases.user.name}\`.members WHERE id = ?`, [driver.id]);
    assert.equal(rows.length, 1, 'the new member is on the replica');
    const before = await replicaReads('map');
    assert.equal((await platform.request('GET', '/api/v1/stations?regionCode=JJ')).status, 200);
    assert.equal((await platform.request('GET', '/api/v1/stations/1')).status, 200);
    const afterReads = await replicaReads('map');
    assert.ok(afterReads.replica > before.replica, `map reads served by the replica: ${JSON.stringify([before, afterReads])}`);
    const stats = await replicaReads('order');
    await todaysFuelOrders();
    assert.equal((await replicaReads('order')).replica, stats.replica + 1, 'the station report read the replica');
  });

  it('with the replica not applying, a write is read back at once and the report counts it (from the primary)', async () => {
    const driver = await member('dev-replica-lag', 50_000);
    const reportBefore = await todaysFuelOrders();
    await replica.pauseApplying();
    const order = await fuelOrder(driver.headers, 20_000);
    const paid = (await (await payFromWallet(order, driver.headers)).json()) as PaymentStart;
    assert.equal(paid.wallet?.status, 'succeeded');
    // Read back at once, through the gateway: the order, its status, the wallet.
    const mine = await platform.request('GET', `/api/v1/orders/${order.orderNo}`, { headers: driver.headers });
    assert.equal(mine.status, 200, 'a new order is never 404');
    await waitFor(async () => ((await (await platform.request('GET', `/api/v1/orders/${order.orderNo}`, { headers: driver.headers })).json()) as Order).status === 'paid', 10_000, 'paid');
    const wallet = (await (await platform.request('GET', '/api/v1/me/wallet', { headers: driver.headers })).json()) as { balanceFen: number };
    assert.equal(wallet.balanceFen, 50_000 - order.payableFen);
    // The replica really lags: it has not got the order.
    const onReplica = await replica.rows(`SELECT id FROM \`${platform.databases.order.name}\`.orders WHERE order_no = ?`, [order.orderNo]);
    assert.equal(onReplica.length, 0, 'the replica has not applied the order');
    const reads = await replicaReads('order');
    assert.equal(await todaysFuelOrders(), reportBefore + 1, 'the report counts the order just paid');
    assert.equal((await replicaReads('order')).primary, reads.primary + 1, 'the report went to the primary');
    await replica.resumeApplying();
    await replica.caughtUp();
    assert.equal(await todaysFuelOrders(), reportBefore + 1, 'the same figure from the caught-up replica');
  });

  it('under lag, money and stock are decided on the primary: no overspend, no oversell', async () => {
    const [first, second] = await Promise.all([member('dev-replica-spend-a', 0), member('dev-replica-spend-b', 0)]);
    const orders = await Promise.all([fuelOrder(first.headers, 30_000), fuelOrder(first.headers, 30_000)]);
    // The wallet holds enough for one of the two orders, not both.
    await platform.rpc('user', memberContracts.credit.pattern, { memberId: first.id, amountFen: orders[0]!.payableFen + orders[1]!.payableFen - 1, kind: 'recharge', idempotencyKey: 'e2e-replica-spend' }, { kind: 'system', id: 'payment' });
    await replica.pauseApplying();
    const attempts = await Promise.all(orders.map(async (order) => (await (await payFromWallet(order, first.headers)).json()) as PaymentStart & { error?: { code: string } }));
    assert.equal(attempts.filter((a) => a.wallet?.status === 'succeeded').length, 1, JSON.stringify(attempts));
    const winner = orders[attempts.findIndex((a) => a.wallet?.status === 'succeeded')]!;
    const wallet = (await (await platform.request('GET', '/api/v1/me/wallet', { headers: first.headers })).json()) as { balanceFen: number };
    assert.equal(wallet.balanceFen, orders[0]!.payableFen + orders[1]!.payableFen - 1 - winner.payableFen);

    // Three units on the shelf (set through a counted adjustment), two members asking for two each at once.
    const [[row]] = (await orderDb.query('SELECT quantity, reserved FROM station_stock WHERE station_id = 1 AND product_id = 1')) as unknown as [[{ quantity: number; reserved: number }]];
    await orderDb.query('UPDATE station_stock SET quantity = ? WHERE station_id = 1 AND product_id = 1', [row!.reserved + 3]);
    await orderDb.query("INSERT INTO stock_movements (station_id, product_id, delta, quantity_after, reserved_delta, reserved_after, reason, reference) VALUES (1, 1, ?, ?, 0, ?, 'adjustment', 'e2e-count')", [row!.reserved + 3 - row!.quantity, row!.reserved + 3, row!.reserved]);
    const placed = await Promise.all([first, second].map((buyer) => platform.request('POST', '/api/v1/orders/mall', { json: { stationId: 1, lines: [{ productId: 1, quantity: 2 }], couponIds: [] }, headers: buyer.headers })));
    assert.deepEqual(placed.map((r) => r.status).sort(), [201, 422], 'one order, the other OUT_OF_STOCK');
    await replica.resumeApplying();
    await replica.caughtUp();
    const verified = await platform.verify();
    assert.equal(verified.code, 0, verified.out);
  });

  it('with the replica gone, its reads are answered by the primary', async () => {
    await pair.stopReplica();
    const before = { map: await replicaReads('map'), order: await replicaReads('order') };
    for (let i = 0; i < 3; i++) {
      assert.equal((await platform.request('GET', '/api/v1/stations?regionCode=JJ')).status, 200);
      assert.equal((await platform.request('GET', '/api/v1/staff/stations/1/stats?period=day', { headers: manager })).status, 200);
    }
    assert.ok((await replicaReads('map')).primary > before.map.primary, 'station lists from the primary');
    assert.equal((await replicaReads('order')).primary, before.order.primary + 3, 'each report from the primary');
  });
});
