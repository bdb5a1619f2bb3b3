// `npm run bench:faults` (not in npm test; about four minutes): a steady mixed load on the production topology
// while parts of it fail in turn, then `npm run verify`.
//   Topology: a private MariaDB primary + GTID replica (every service reads from it), a private Redis, Nacos, two
//   instances of every service, one gateway.
//   Load (closed loop, all the while): nearby search and station detail; fuel orders placed and paid from the
//   wallet (with idempotency keys, as the app sends them); WeChat Pay recharges paid at the stand-in's cashier (its
//   notifications arrive at the gateway); a back-office price push every second, watched by 20 live subscribers.
//   Faults, one phase each (FAULT_PHASE_S, default 20 s): an order service instance SIGKILLed and started again
//   10 s later; Redis killed and started again (empty) 5 s later; the replica not applying for 15 s; the primary
//   restarted.
// Prints, per phase, the requests, the error rate, p99 of the answered requests and the time to recover (from the
// moment the fault ends to the last failed request); then how many price changes reached the subscribers, and the
// verifier's result (exit code 1 if it finds anything).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { memberContracts } from '@fuel/shared';
import { freePort } from '@fuel/devkit/testing';
import { Platform, SERVICES, waitFor } from '@fuel/e2e/platform';
import { PriceClient } from '@fuel/e2e/price-client';
import { startReplicatedPair } from '../scripts/lib/private-mariadb.mjs';
import { isListening } from '../scripts/lib/servers.mjs';
import { ensureNacos, stopNacos } from '../scripts/nacos.mjs';

const PHASE_S = Number(process.env.FAULT_PHASE_S ?? 20);
const NACOS_PORT = Number(process.env.TEST_NACOS_PORT ?? 18848);
const NEARBY = '/api/v1/stations/nearby?lat=30.6586&lng=104.0648&radius=3000';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Every request made: when it ended, what it was, whether it was answered as it should be, how long it took. */
const done = [];
let loadRunning = true;

async function timed(kind, request) {
  const started = performance.now();
  let ok = false;
  try {
    ok = await request();
  } catch {
    ok = false;
  }
  done.push({ at: Date.now(), kind, ok, ms: performance.now() - started });
}

function worker(kind, request, pauseMs = 0) {
  return (async () => {
    while (loadRunning) {
      await timed(kind, request);
      if (pauseMs) await sleep(pauseMs);
    }
  })();
}

function startRedis(port) {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  return waitFor(() => isListening(port), 10_000, 'redis-server').then(() => child);
}

const nacos = await ensureNacos({ port: NACOS_PORT });
const pair = await startReplicatedPair({ primaryPort: await freePort(), replicaPort: await freePort() });
let redis;
let platform;
let exitCode = 1;
try {
  const redisPort = await freePort();
  redis = await startRedis(redisPort);
  platform = await Platform.start({
    rpcTimeoutMs: 3000,
    mysql: { serverUrl: pair.primaryUrl, replicaUrl: pair.replicaUrl },
    redisUrl: `redis://127.0.0.1:${redisPort}`,
    env: { NACOS_SERVER_ADDR: `127.0.0.1:${NACOS_PORT}`, NACOS_GROUP: `faults-${randomUUID().slice(0, 6)}`, STANDIN_NOTIFY_RETRY_MS: '1000,2000,5000,10000,20000' },
  });
  for (const service of SERVICES) await platform.startInstance(service, `${service}-2`, await freePort(), service === 'map' ? { WS_PORT: String(await freePort()) } : {});
  const replica = platform.replica;
  console.log('[faults] platform up: primary + replica, private Redis, Nacos, two instances of each service');

  // Members with money in their wallets, and the live subscribers.
  const members = [];
  for (let i = 0; i < 10; i++) {
    const session = await platform.memberSession(`dev-faults-${i}`);
    await platform.rpc('user', memberContracts.credit.pattern, { memberId: session.user.id, amountFen: 10_000_000, kind: 'recharge', idempotencyKey: `faults-topup-${i}` }, { kind: 'system', id: 'payment' });
    members.push({ authorization: `Bearer ${session.accessToken}` });
  }
  const subscribers = [];
  for (let i = 0; i < 20; i++) {
    const client = new PriceClient(platform.priceChannelUrl);
    await client.opened;
    client.send({ type: 'subscribe', stationIds: [1] });
    subscribers.push(client);
  }
  let pushesAccepted = 0;

  const json = async (response, status) => {
    if (response.status !== status) return undefined;
    return response.json();
  };
  const load = [
    ...Array.from({ length: 6 }, () => worker('nearby search', async () => (await json(await platform.request('GET', NEARBY), 200))?.items.length > 0)),
    ...Array.from({ length: 2 }, () => worker('station detail', async () => (await platform.request('GET', '/api/v1/stations/1')).status === 200)),
    ...members.map((auth) =>
      worker('fuel order + wallet payment', async () => {
        const key = randomUUID();
        const order = await json(await platform.request('POST', '/api/v1/orders/fuel', { json: { stationId: 1, pumpNumber: 1, grade: '92', amountFen: 5_000, couponIds: [] }, headers: { ...auth, 'idempotency-key': `o-${key}` } }), 201);
        if (!order) return false;
        const paid = await json(await platform.request('POST', `/api/v1/payments/intents/${order.intentNo}/attempts`, { json: { method: 'wallet' }, headers: { ...auth, 'idempotency-key': `p-${key}` } }), 200);
        return paid?.wallet?.status === 'succeeded';
      }),
    ),
    ...members.slice(0, 3).map((auth) =>
      worker(
        'WeChat Pay recharge',
        async () => {
          const intent = await json(await platform.request('POST', '/api/v1/payments/recharges', { json: { amountFen: 10_000 }, headers: auth }), 201);
          if (!intent) return false;
          const start = await json(await platform.request('POST', `/api/v1/payments/intents/${intent.intentNo}/attempts`, { json: { method: 'wechat' }, headers: auth }), 200);
          if (!start?.wechat) return false;
          return (await fetch(`${platform.wechatPayUrl}/_standin/cashier/${start.wechat.package.replace('prepay_id=', '')}/pay`, { method: 'POST' })).status === 200;
        },
        200,
      ),
    ),
    worker(
      'price push',
      async () => {
        const regularFen = 800 + (pushesAccepted % 50);
        const response = await platform.backofficePrices(1, { changes: [{ grade: '95', regularFen, memberFen: { silver: regularFen - 10, gold: regularFen - 20, diamond: regularFen - 30 } }] });
        if (response.status === 200) pushesAccepted++;
        return response.status === 200;
      },
      1000,
    ),
  ];

  /** Runs a phase: `fault` starts it and resolves when the fault is over (its end time is what recovery counts from). */
  const phases = [];
  async function phase(name, fault) {
    const start = Date.now();
    console.log(`[faults] ${name}`);
    await fault();
    const faultEnded = Date.now();
    await sleep(Math.max(0, start + PHASE_S * 1000 - Date.now()));
    phases.push({ name, start, faultEnded, end: Date.now() });
  }

  await phase('steady load, no fault', async () => undefined);
  await phase('an order service instance SIGKILLed, started again 10 s later', async () => {
    await platform.stopService('order', 'SIGKILL');
    await sleep(10_000);
    await platform.startService('order');
  });
  await phase('Redis killed, started again (empty) 5 s later', async () => {
    redis.kill('SIGKILL');
    await sleep(5_000);
    redis = await startRedis(redisPort);
  });
  await phase('the replica not applying for 15 s', async () => {
    await replica.pauseApplying();
    await sleep(15_000);
    await replica.resumeApplying();
  });
  await phase('the primary restarted', async () => {
    await pair.restartPrimary();
  });
  await phase('after the faults', async () => undefined);

  loadRunning = false;
  await Promise.all(load);
  for (const client of subscribers) client.close();
  const delivered = subscribers.reduce((sum, client) => sum + client.messages.filter((m) => m.type === 'price').length, 0);
  const verified = await platform.verify(60_000);

  const rows = phases.map(({ name, start, faultEnded, end }) => {
    const inPhase = done.filter((r) => r.at >= start && r.at < end);
    const failed = inPhase.filter((r) => !r.ok);
    const answered = inPhase.filter((r) => r.ok).map((r) => r.ms).sort((a, b) => a - b);
    const lastFailure = Math.max(faultEnded, ...failed.map((r) => r.at));
    const byKind = [...new Set(failed.map((r) => r.kind))].map((kind) => `${kind} ${failed.filter((r) => r.kind === kind).length}`).join(', ');
    return {
      phase: name,
      requests: inPhase.length,
      errors: `${((failed.length / Math.max(1, inPhase.length)) * 100).toFixed(1)} %${byKind ? ` (${byKind})` : ''}`,
      p99: `${(percentile(answered, 99) ?? 0).toFixed(0)} ms`,
      recovered: failed.length ? `${((lastFailure - faultEnded) / 1000).toFixed(1)} s` : '—',
    };
  });
  console.log('\n| phase | requests | errors | p99 | recovered after the fault ended |\n|---|---|---|---|---|');
  for (const row of rows) console.log(`| ${row.phase} | ${row.requests} | ${row.errors} | ${row.p99} | ${row.recovered} |`);
  console.log(`\nprice pushes accepted: ${pushesAccepted}; price changes received by the 20 subscribers: ${delivered} of ${pushesAccepted * 20}`);
  console.log(`verify: exit ${verified.code}\n${verified.out.trim()}`);
  exitCode = verified.code === 0 ? 0 : 1;
} finally {
  // Whatever failed: nothing of this run is left behind.
  await platform?.close().catch((error) => console.error(`[faults] close: ${error.message}`));
  redis?.kill('SIGKILL');
  await pair.stop();
  if (nacos.started) await stopNacos({ port: NACOS_PORT });
}
process.exit(exitCode);
