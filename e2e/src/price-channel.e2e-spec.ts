import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PRICE_CHANNEL_PATH, signStationToken, stationSecret } from '@fuel/shared';
import { DEV_BACKOFFICE_MASTER_KEY } from '@fuel/devkit';
import { freePort } from '@fuel/devkit/testing';
import { itLeavesEverythingConsistent, Platform, waitFor } from './platform.js';
import { PriceClient as Client } from './price-client.js';

const STATION = 7;
const secret = (stationId: number) => stationSecret(DEV_BACKOFFICE_MASTER_KEY, stationId);
/** A push message with its token, which signs the message itself on the channel's path (`signedBy` another station's secret to forge one). */
const signed = (message: Record<string, unknown>, signedBy = STATION) => ({ ...message, token: signStationToken(signedBy, secret(signedBy), { method: 'PUSH', path: PRICE_CHANNEL_PATH, body: message }) });
const change = (regularFen: number) => ({ grade: '95', regularFen, memberFen: { silver: regularFen - 10, gold: regularFen - 20, diamond: regularFen - 30 } });

describe('live price channel (/ws/prices through the gateway)', () => {
  let platform: Platform;
  let base = 0;

  before(async () => {
    platform = await Platform.start({ env: { WS_HEARTBEAT_MS: '300' } });
    const detail = (await (await platform.request('GET', `/api/v1/stations/${STATION}`)).json()) as { prices: Array<{ grade: string; regularFen: number }> };
    base = detail.prices.find((p) => p.grade === '95')!.regularFen;
  });

  after(async () => {
    await platform?.close();
  });

  const pushRest = (regularFen: number) => {
    const path = `/api/v1/backoffice/stations/${STATION}/prices`;
    const body = { changes: [change(regularFen)] };
    return platform.request('POST', path, { json: body, headers: { 'x-station-token': signStationToken(STATION, secret(STATION), { method: 'POST', path, body }) } });
  };

  it('sends a snapshot on subscribe, then a REST-pushed change within 1 s with the next sequence number', async () => {
    const client = new Client(platform.priceChannelUrl);
    await client.opened;
    client.send({ type: 'subscribe', stationIds: [STATION] });
    const snapshot = await client.next((m) => m.type === 'snapshot');
    assert.equal(snapshot.stationId, STATION);
    assert.equal(snapshot.seq, 0);
    assert.equal(snapshot.prices!.find((p) => p.grade === '95')!.regularFen, base);

    const pushedAt = Date.now();
    assert.equal((await pushRest(base + 1)).status, 200);
    const live = await client.next((m) => m.type === 'price', 1000);
    assert.ok(Date.now() - pushedAt < 1000);
    assert.equal(live.seq, 1);
    assert.deepEqual(live.changes!.map((c) => [c.grade, c.regularFen]), [['95', base + 1]]);
    client.close();
  });

  it('accepts a back-office push over the channel with its token, acknowledging the sequence number', async () => {
    const watcher = new Client(platform.priceChannelUrl);
    const backoffice = new Client(platform.priceChannelUrl);
    await Promise.all([watcher.opened, backoffice.opened]);
    watcher.send({ type: 'subscribe', stationIds: [STATION] });
    await watcher.next((m) => m.type === 'snapshot');
    backoffice.send(signed({ type: 'push', ref: 'r1', stationId: STATION, changes: [change(base + 2)] }));
    const ack = await backoffice.next((m) => m.type === 'ack');
    assert.equal(ack.ref, 'r1');
    assert.equal(ack.seq, 2);
    assert.equal((await watcher.next((m) => m.type === 'price')).seq, 2);
    watcher.close();
    backoffice.close();
  });

  it('refuses a push with a wrong, replayed or re-used token and an invalid price, changing nothing', async () => {
    const backoffice = new Client(platform.priceChannelUrl);
    await backoffice.opened;
    backoffice.send(signed({ type: 'push', ref: 'bad-station', stationId: STATION, changes: [change(base + 3)] }, STATION + 1));
    assert.equal((await backoffice.next((m) => m.ref === 'bad-station')).code, 'UNAUTHENTICATED');
    const first = signed({ type: 'push', ref: 'first', stationId: STATION, changes: [change(base + 3)] });
    backoffice.send({ ...first, ref: 'reused', changes: [change(base + 4)] });
    assert.equal((await backoffice.next((m) => m.ref === 'reused')).code, 'UNAUTHENTICATED', 'a token signed for another message');
    backoffice.send(first);
    assert.equal((await backoffice.next((m) => m.ref === 'first')).type, 'ack');
    backoffice.send(first);
    assert.equal((await backoffice.next((m) => m.ref === 'first' && m.type === 'error')).code, 'UNAUTHENTICATED', 'the same message again');
    backoffice.send(signed({ type: 'push', ref: 'member-above', stationId: STATION, changes: [{ ...change(base + 3), memberFen: { silver: base + 9, gold: base, diamond: base } }] }));
    assert.equal((await backoffice.next((m) => m.ref === 'member-above')).code, 'MEMBER_PRICE_ABOVE_REGULAR');
    backoffice.send(signed({ type: 'push', ref: 'zero', stationId: STATION, changes: [change(0)] }));
    assert.equal((await backoffice.next((m) => m.ref === 'zero')).code, 'VALIDATION_FAILED');
    backoffice.send({ type: 'nonsense' });
    assert.equal((await backoffice.next((m) => m.type === 'error' && m.ref === undefined)).code, 'VALIDATION_FAILED');
    const detail = (await (await platform.request('GET', `/api/v1/stations/${STATION}`)).json()) as { prices: Array<{ grade: string; regularFen: number }> };
    assert.equal(detail.prices.find((p) => p.grade === '95')!.regularFen, base + 3);
    backoffice.close();
  });

  it('replays exactly the missed changes to a client that reconnects with its last sequence number', async () => {
    const first = new Client(platform.priceChannelUrl);
    await first.opened;
    first.send({ type: 'subscribe', stationIds: [STATION] });
    const { seq: lastSeen } = await first.next((m) => m.type === 'snapshot');
    first.close();
    await pushRest(base + 5);
    await pushRest(base + 6);
    const again = new Client(platform.priceChannelUrl);
    await again.opened;
    again.send({ type: 'subscribe', stationIds: [STATION], since: { [STATION]: lastSeen } });
    await waitFor(() => again.messages.filter((m) => m.type === 'price').length === 2, 1000, 'two missed changes');
    await new Promise((r) => setTimeout(r, 200));
    const received = again.messages.filter((m) => m.type === 'price' || m.type === 'snapshot');
    assert.deepEqual(received.map((m) => [m.type, m.seq]), [['price', lastSeen! + 1], ['price', lastSeen! + 2]]);
    assert.deepEqual(received.map((m) => m.changes![0].regularFen), [base + 5, base + 6]);
    again.close();
  });

  it('fans a change out through Redis pub/sub to the gateway and to the clients of every map-service instance', async () => {
    const secondWsPort = await freePort();
    await platform.startInstance('map', 'map-2', await freePort(), { WS_PORT: String(secondWsPort) });
    const onFirst = new Client(`ws://127.0.0.1:${platform.wsPort}/ws/prices`);
    const onSecond = new Client(`ws://127.0.0.1:${secondWsPort}/ws/prices`);
    const onGateway = new Client(platform.priceChannelUrl);
    const clients = [onFirst, onSecond, onGateway];
    await Promise.all(clients.map((c) => c.opened));
    for (const c of clients) {
      c.send({ type: 'subscribe', stationIds: [STATION] });
      await c.next((m) => m.type === 'snapshot');
    }
    await pushRest(base + 7);
    const seqs = await Promise.all(clients.map(async (c) => (await c.next((m) => m.type === 'price')).seq));
    assert.equal(new Set(seqs).size, 1);
    for (const c of clients) c.close();
    await platform.stopService('map-2');
  });

  it('answers a subscription with SERVICE_UNAVAILABLE while the map service is down, and serves it again once back', async () => {
    const client = new Client(platform.priceChannelUrl);
    await client.opened;
    await platform.stopService('map');
    try {
      client.send({ type: 'subscribe', stationIds: [STATION] });
      assert.equal((await client.next((m) => m.type === 'error', 5000)).code, 'SERVICE_UNAVAILABLE');
    } finally {
      await platform.startService('map');
      await platform.waitUntilHealthy(60_000);
    }
    client.send({ type: 'subscribe', stationIds: [STATION] });
    assert.equal((await client.next((m) => m.type === 'snapshot', 5000)).stationId, STATION);
    client.close();
  });

  it('drops a connection that stops answering heartbeats', async () => {
    const client = new Client(platform.priceChannelUrl);
    await client.opened;
    const closed = new Promise<void>((resolve) => client.socket.once('close', () => resolve()));
    const raw = (client.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    raw.pause(); // reads nothing, so answers no ping
    await new Promise((r) => setTimeout(r, 1200));
    raw.resume();
    await Promise.race([closed, new Promise((_, reject) => setTimeout(() => reject(new Error('not dropped')), 2000))]);
  });

  itLeavesEverythingConsistent(() => platform);
});
