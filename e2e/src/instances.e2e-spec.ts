/**
 * Several instances on one real Nacos: two gateways and two instances of every service. Live prices reach clients
 * of both gateways with the same sequence number; an idempotency key used on one gateway is honoured on the
 * other; scheduled jobs are run by one instance at a time; a SIGKILLed instance drops out of Nacos after its
 * heartbeat timeout (the time it took is printed) while every request meanwhile is answered by the other one. An
 * instance's operations port says whether it is ready (its database answers) for the orchestrator's probes, and a
 * SIGTERMed one under load leaves without losing a request; so does a gateway behind a balancer that follows the
 * gateways' readiness, as a Kubernetes Service does (the preStop call first, then SIGTERM).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Order, ServiceHealth } from '@fuel/shared';
import { freePort } from '@fuel/devkit/testing';
import { createConnection } from 'mysql2/promise';
import { isPortOpen, itLeavesEverythingConsistent, Platform, SERVICES, waitFor } from './platform.js';
import { PriceClient } from './price-client.js';
import { Balancer } from './balancer.js';
import { TcpProxy } from './tcp-proxy.js';

const NACOS = process.env.TEST_NACOS_ADDR ?? '127.0.0.1:18848';
const GROUP = `e2e-instances-${randomBytes(3).toString('hex')}`;
const STATION = 2;
/** Fuel is sold only while a station is open: orders go to one open around the clock (the suite runs on real time). */
const FUEL_STATION = 1;

describe('two of everything on one Nacos', () => {
  let platform: Platform;
  let gatewayB: string;
  let gatewayBOpsPort: number;
  let member: Record<string, string>;

  before(async () => {
    platform = await Platform.start({ rpcTimeoutMs: 1500, env: { NACOS_SERVER_ADDR: NACOS, NACOS_GROUP: GROUP, ORDER_JOBS_INTERVAL_MS: '300' } });
    for (const service of SERVICES) await platform.startInstance(service, `${service}-2`, await freePort(), service === 'map' ? { WS_PORT: String(await freePort()) } : {});
    gatewayBOpsPort = await freePort();
    gatewayB = await platform.startAnotherGateway('gateway-2', { OPS_PORT: String(gatewayBOpsPort), OPS_HOST: '127.0.0.1' });
    await waitFor(async () => (await Promise.all(SERVICES.map(async (service) => (await healthyInstances(service)).length))).every((n) => n === 2), 30_000, 'two healthy instances of each service in Nacos');
    member = { authorization: `Bearer ${(await platform.memberSession('dev-instances')).accessToken}` };
  });

  after(() => platform?.close());

  async function healthyInstances(service: string): Promise<Array<{ port: number }>> {
    const query = new URLSearchParams({ serviceName: service, groupName: GROUP, healthyOnly: 'true' });
    const list = (await (await fetch(`http://${NACOS}/nacos/v1/ns/instance/list?${query}`)).json()) as { hosts: Array<{ port: number }> };
    return list.hosts;
  }

  it('pushes a price change to clients of both gateways with the same sequence number', async () => {
    const clients = [new PriceClient(platform.priceChannelUrl), new PriceClient(`${gatewayB.replace('http', 'ws')}/ws/prices`)];
    for (const client of clients) {
      await client.opened;
      client.send({ type: 'subscribe', stationIds: [STATION] });
      await client.next((m) => m.type === 'snapshot', 3000);
    }
    const regularFen = 777;
    const push = await platform.backofficePrices(STATION, { changes: [{ grade: '92', regularFen, memberFen: { silver: regularFen - 10, gold: regularFen - 20, diamond: regularFen - 30 } }] });
    assert.equal(push.status, 200, await push.clone().text());
    const received = await Promise.all(clients.map((client) => client.next((m) => m.type === 'price', 3000)));
    assert.equal(received[0]!.seq, received[1]!.seq);
    for (const message of received) assert.deepEqual(message.changes!.map((c) => [c.grade, c.regularFen]), [['92', regularFen]]);
    for (const client of clients) client.close();
  });

  it('honours an idempotency key on the other gateway: the same order, made once', async () => {
    const order = (base: string) =>
      fetch(`${base}/api/v1/orders/fuel`, { method: 'POST', headers: { ...member, 'content-type': 'application/json', 'idempotency-key': 'e2e-two-gateways-1' }, body: JSON.stringify({ stationId: FUEL_STATION, pumpNumber: 1, grade: '92', amountFen: 20_000, couponIds: [] }) });
    const first = await order(platform.url);
    assert.equal(first.status, 201, await first.clone().text());
    const again = await order(gatewayB);
    assert.equal(again.status, 201);
    assert.equal(((await again.json()) as Order).orderNo, ((await first.json()) as Order).orderNo);
    const list = (await (await fetch(`${gatewayB}/api/v1/orders?kind=fuel`, { headers: member })).json()) as { items: Order[] };
    assert.equal(list.items.length, 1, 'one order');
  });

  it('runs scheduled jobs on one instance at a time: unpaid orders expire once, by one of the two', async () => {
    const placed = await Promise.all([1, 2, 3].map(async (i) => ((await (await platform.request('POST', '/api/v1/orders/fuel', { json: { stationId: FUEL_STATION, pumpNumber: 1, grade: '92', amountFen: 10_000 + i, couponIds: [] }, headers: member })).json()) as Order).orderNo));
    const db = await createConnection(platform.databases.order.url);
    try {
      await db.query("UPDATE orders SET expires_at = NOW(3) - INTERVAL 1 HOUR WHERE order_no IN (?)", [placed]);
      await waitFor(async () => ((await db.query("SELECT COUNT(*) AS n FROM orders WHERE order_no IN (?) AND status = 'cancelled'", [placed]))[0] as Array<{ n: number }>)[0]!.n === 3, 15_000, 'the three orders expired');
      const [transitions] = await db.query("SELECT COUNT(*) AS n FROM order_transitions t JOIN orders o ON o.id = t.order_id WHERE o.order_no IN (?) AND t.reason = 'expired'", [placed]);
      assert.equal(Number((transitions as Array<{ n: number }>)[0]!.n), 3, 'one expiry each');
    } finally {
      await db.end();
    }
    // Each instance logs what its runs expired (the log line may follow the commit by a moment).
    const expiredBy = () => ['order', 'order-2'].map((name) => platform.logs(name).filter((line) => line.includes('unpaid orders expired')).reduce((sum, line) => sum + Number(/"expired":(\d+)/.exec(line)?.[1] ?? 0), 0));
    await waitFor(() => expiredBy()[0]! + expiredBy()[1]! >= 3, 5_000, 'the expiries logged');
    assert.equal(expiredBy()[0]! + expiredBy()[1]!, 3, `expired per instance: ${expiredBy().join(', ')}`);
    for (const name of ['order', 'order-2']) assert.ok(!platform.logs(name).some((line) => line.includes('not expired this time')), `${name} did not race the other`);
  });

  it('an instance is ready on its operations port while its database answers, not ready (but alive) without it, ready again after, and drained out of Nacos by its preStop call', async () => {
    const database = new URL(platform.databases.map.url);
    const proxy = await TcpProxy.start({ host: database.hostname, port: Number(database.port || 3306) });
    database.host = `127.0.0.1:${proxy.port}`;
    const [rpcPort, opsPort] = [await freePort(), await freePort()];
    await platform.startInstance('map', 'map-3', rpcPort, { WS_PORT: String(await freePort()), OPS_PORT: String(opsPort), OPS_HOST: '127.0.0.1', DRAIN_WAIT_MS: '500', DATABASE_URL: database.toString() });
    const probe = async (path: string) => {
      const response = await fetch(`http://127.0.0.1:${opsPort}${path}`);
      return { status: response.status, body: (await response.json()) as { status: string; report?: ServiceHealth } };
    };
    try {
      // The operations port opens once the instance has started (registered in Nacos after its RPC port opened).
      await waitFor(() => isPortOpen(opsPort), 20_000, 'the operations port');
      assert.equal((await probe('/healthz')).status, 200);
      const ready = await probe('/readyz');
      assert.deepEqual([ready.status, ready.body.status, ready.body.report?.database.status], [200, 'ready', 'up']);
      await proxy.cut();
      await waitFor(async () => (await probe('/readyz')).status === 503, 15_000, 'not ready without its database');
      assert.equal((await probe('/readyz')).body.report?.database.status, 'down');
      assert.equal((await probe('/healthz')).status, 200, 'alive all the same: a restart would not bring the database back');
      await proxy.restore();
      await waitFor(async () => (await probe('/readyz')).status === 200, 15_000, 'ready again with its database back');
      // The preStop hook: not ready, out of Nacos at once (not after a heartbeat timeout), and only then answered.
      // Its port opens before its Nacos client has registered it.
      await waitFor(async () => (await healthyInstances('map')).some((h) => h.port === rpcPort), 20_000, 'map-3 in Nacos before the drain');
      const drainStarted = Date.now();
      assert.equal((await probe('/drain')).status, 200);
      assert.ok(Date.now() - drainStarted >= 400, 'answered after the wait');
      assert.ok(!(await healthyInstances('map')).some((h) => h.port === rpcPort), 'out of Nacos once drained');
      assert.deepEqual([(await probe('/readyz')).status, (await probe('/healthz')).status], [503, 200]);
    } finally {
      await proxy.restore();
      await platform.stopService('map-3');
      await proxy.cut();
    }
  });

  it("a gateway's operations port answers its probes, apart from the public port", async () => {
    const [live, ready] = await Promise.all(['/healthz', '/readyz'].map((path) => fetch(`http://127.0.0.1:${gatewayBOpsPort}${path}`)));
    assert.deepEqual([live!.status, ready!.status], [200, 200]);
    assert.equal(((await ready!.json()) as { status: string }).status, 'ready');
    assert.equal((await fetch(`${gatewayB}/readyz`)).status, 404, 'not on the public port');
  });

  it('a SIGTERMed instance under load leaves Nacos, answers what it was sent, and exits within 10 s: no request lost', async () => {
    const rpcPort = await freePort();
    await platform.startInstance('user', 'user-3', rpcPort, { DRAIN_WAIT_MS: '3500' });
    await waitFor(async () => (await healthyInstances('user')).some((h) => h.port === rpcPort), 20_000, 'user-3 in Nacos');
    // Six clients on both gateways, alternating a write (not resent by the gateway if lost) and a read.
    const statuses: number[] = [];
    let loading = true;
    const client = async (n: number) => {
      for (let i = 0; loading; i++) {
        const write = i % 2 === 0;
        const response = await fetch(`${[platform.url, gatewayB][(n + i) % 2]}/api/v1/me`, write ? { method: 'PATCH', headers: { ...member, 'content-type': 'application/json' }, body: JSON.stringify({ nickname: `加油${n}-${i % 10}` }) } : { headers: member });
        await response.arrayBuffer();
        statuses.push(response.status);
      }
    };
    const load = Promise.all([0, 1, 2, 3, 4, 5].map(client));
    const servedByIt = () => platform.logs('user-3').filter((line) => line.includes('"pattern":"user.members.')).length;
    try {
      await waitFor(() => servedByIt() >= 10, 20_000, 'user-3 serving its share').catch((error: Error) => {
        throw new Error(`${error.message}; statuses so far ${JSON.stringify(Object.fromEntries([...new Set(statuses)].map((s) => [s, statuses.filter((x) => x === s).length])))}; user-3 logged:\n${platform.logs('user-3').slice(-8).join('\n')}`);
      });
      const signalled = Date.now();
      await platform.stopService('user-3'); // SIGTERM
      const exitMs = Date.now() - signalled;
      const stillListed = (await healthyInstances('user')).some((h) => h.port === rpcPort);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      loading = false;
      await load;
      const child = platform.procs.get('user-3')!.child;
      const lost = statuses.filter((status) => status !== 200);
      console.log(`[instances] SIGTERM under load: user-3 exited ${(exitMs / 1000).toFixed(1)} s after the signal (code ${child.exitCode}), having answered ${servedByIt()} calls; ${statuses.length} requests through the gateways, ${lost.length} lost`);
      assert.equal(child.exitCode, 0, 'a clean exit');
      assert.ok(exitMs < 10_000, `exited within 10 s (${exitMs} ms)`);
      assert.ok(!stillListed, 'it deregistered itself (not dropped after a heartbeat timeout)');
      assert.deepEqual(lost, [], 'no request lost');
      assert.ok(platform.logs('user-3').some((line) => line.includes('service stopped')));
    } finally {
      loading = false;
      await load;
    }
  });

  it('a gateway behind a balancer, drained by its preStop call and then SIGTERMed under load, loses no request and exits within 10 s', async () => {
    const gatewayC = await platform.startAnotherGateway('gateway-3', { DRAIN_WAIT_MS: '1500' });
    const balancer = await Balancer.start([
      { name: 'gateway-2', url: gatewayB, opsPort: gatewayBOpsPort },
      { name: 'gateway-3', url: gatewayC, opsPort: platform.opsPorts.get('gateway-3')! },
    ]);
    const statuses: number[] = [];
    let loading = true;
    // Six clients through the balancer, alternating a write (never resent: the balancer does not retry) and a read.
    const client = async (n: number) => {
      for (let i = 0; loading; i++) {
        const write = i % 2 === 0;
        const response = await fetch(`${balancer.url}/api/v1/me`, write ? { method: 'PATCH', headers: { ...member, 'content-type': 'application/json' }, body: JSON.stringify({ nickname: `网关${n}-${i % 10}` }) } : { headers: member });
        await response.arrayBuffer();
        statuses.push(response.status);
      }
    };
    const load = Promise.all([0, 1, 2, 3, 4, 5].map(client));
    try {
      await waitFor(() => (balancer.served.get('gateway-3') ?? 0) >= 20, 20_000, 'gateway-3 serving its share');
      // Kubernetes runs the preStop hook (GET /drain: not ready, then wait), then sends SIGTERM.
      const drained = await fetch(`http://127.0.0.1:${platform.opsPorts.get('gateway-3')}/drain`);
      assert.equal(drained.status, 200);
      assert.equal(balancer.isReady('gateway-3'), false, 'the balancer saw it go before the wait ended');
      const servedBeforeSignal = balancer.served.get('gateway-3')!;
      const signalled = Date.now();
      await platform.stopService('gateway-3'); // SIGTERM
      const exitMs = Date.now() - signalled;
      await new Promise((resolve) => setTimeout(resolve, 500));
      loading = false;
      await load;
      const child = platform.procs.get('gateway-3')!.child;
      const lost = statuses.filter((status) => status !== 200);
      console.log(`[instances] gateway SIGTERM behind a balancer: exited ${(exitMs / 1000).toFixed(1)} s after the signal (code ${child.exitCode}), having answered ${servedBeforeSignal}; ${statuses.length} requests through the balancer, ${lost.length} lost`);
      assert.equal(child.exitCode, 0, 'a clean exit');
      assert.ok(exitMs < 10_000, `exited within 10 s (${exitMs} ms)`);
      assert.deepEqual(lost, [], 'no request lost');
      assert.ok((balancer.served.get('gateway-2') ?? 0) > 0);
    } finally {
      loading = false;
      await load;
      await balancer.close();
    }
  });

  it('drops a SIGKILLed instance out of Nacos after its heartbeat timeout; the other answers meanwhile', async () => {
    const ports = (await healthyInstances('map')).map((h) => h.port);
    assert.equal(ports.length, 2);
    const killedAt = Date.now();
    await platform.stopService('map-2', 'SIGKILL');
    const statuses: number[] = [];
    while ((await healthyInstances('map')).length > 1) {
      statuses.push((await platform.request('GET', `/api/v1/stations/${STATION}`)).status);
      assert.ok(Date.now() - killedAt < 45_000, 'dropped out within 45 s');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const droppedAfterMs = Date.now() - killedAt;
    console.log(`[instances] a SIGKILLed map instance left Nacos's healthy list after ${(droppedAfterMs / 1000).toFixed(1)} s; ${statuses.length} requests meanwhile: ${[...new Set(statuses)].join(',')}`);
    assert.ok(statuses.every((s) => s === 200), `every request answered meanwhile: ${statuses.join(',')}`);
    // The gateways refresh their lists every 3 s: afterwards nothing is sent to the dead address at all.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    for (let i = 0; i < 20; i++) assert.equal((await fetch(`${i % 2 ? gatewayB : platform.url}/api/v1/stations/${STATION}`)).status, 200);
  });

  itLeavesEverythingConsistent(() => platform);
});
