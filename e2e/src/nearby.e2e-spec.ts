import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PRICE_CHANNEL_PATH, signStationToken, stationSecret, type NearbyResult } from '@fuel/shared';
import { DEV_BACKOFFICE_MASTER_KEY, demoStations } from '@fuel/devkit';
import { createRequire } from 'node:module';
import WebSocket from 'ws';
import { itLeavesEverythingConsistent, Platform, waitFor } from './platform.js';

const gcoord = createRequire(import.meta.url)('gcoord') as (typeof import('gcoord'))['default'];

/** Reference great-circle distance, written independently of the service's code. */
function haversine(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const toRad = (d: number) => (d * Math.PI) / 180;
  const a = Math.sin(toRad(lat2 - lat1) / 2) ** 2 + Math.cos(toRad(lat1)) * Math.cos(toRad(lat2)) * Math.sin(toRad(lng2 - lng1) / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(a));
}

const stations = demoStations();
const target = stations.find((s) => s.code === 'CD-WH-03')!;
// A point 3.1 km due south of the target station (GCJ-02, like the stored coordinates).
const origin = { lat: target.lat - 3100 / 111_195, lng: target.lng };

describe('nearby search through the gateway (Redis GEO)', () => {
  let platform: Platform;

  before(async () => {
    platform = await Platform.start();
  });

  after(async () => {
    await platform?.close();
  });

  const nearby = async (query: string) => {
    const response = await platform.request('GET', `/api/v1/stations/nearby?${query}`);
    return { status: response.status, body: (await response.json()) as NearbyResult & { error?: { code: string; details: { fields: Array<{ field: string }> } } } };
  };

  it('returns exactly the stations within the radius, nearest first, with distances within 1 % of haversine', async () => {
    const { status, body } = await nearby(`lat=${origin.lat}&lng=${origin.lng}&radius=3000`);
    assert.equal(status, 200);
    const expected = stations.filter((s) => haversine(origin.lat, origin.lng, s.lat, s.lng) <= 3000).map((s) => s.id).sort();
    assert.deepEqual(body.items.map((s) => s.id).sort(), expected);
    assert.ok(body.items.length > 0, 'the point was chosen among stations');
    for (let i = 0; i < body.items.length; i++) {
      const s = body.items[i];
      const reference = haversine(origin.lat, origin.lng, s.location.lat, s.location.lng);
      assert.ok(Math.abs(s.distanceM - reference) <= reference * 0.01 + 1, `${s.code}: ${s.distanceM} vs ${reference}`);
      assert.ok(s.distanceM <= 3000);
      if (i > 0) assert.ok(s.distanceM >= body.items[i - 1].distanceM, 'sorted by distance');
      assert.equal(typeof s.openNow, 'boolean');
      assert.deepEqual(s.prices.map((p) => p.grade), ['92', '95', '98', '0']);
    }
  });

  it('excludes a station 3.1 km away at radius 3000 and includes it at 3200', async () => {
    assert.ok(!(await nearby(`lat=${origin.lat}&lng=${origin.lng}&radius=3000`)).body.items.some((s) => s.id === target.id));
    const wider = (await nearby(`lat=${origin.lat}&lng=${origin.lng}&radius=3200`)).body.items.find((s) => s.id === target.id);
    assert.ok(wider);
    assert.ok(Math.abs(wider.distanceM - 3100) <= 31);
  });

  it('takes WGS-84 or BD-09 input for the same place and answers in the requested system', async () => {
    const gcj = (await nearby(`lat=${origin.lat}&lng=${origin.lng}&radius=5000`)).body;
    for (const coordType of ['wgs84', 'bd09'] as const) {
      const [lng, lat] = gcoord.transform([origin.lng, origin.lat], gcoord.GCJ02, coordType === 'wgs84' ? gcoord.WGS84 : gcoord.BD09) as [number, number];
      const other = (await nearby(`lat=${lat}&lng=${lng}&radius=5000&coordType=${coordType}`)).body;
      assert.equal(other.coordType, coordType);
      assert.deepEqual(other.items.map((s) => s.id), gcj.items.map((s) => s.id));
      other.items.forEach((s, i) => {
        assert.ok(Math.abs(s.distanceM - gcj.items[i].distanceM) <= 5, 'same distances');
        const [backLng, backLat] = gcoord.transform([s.location.lng, s.location.lat], coordType === 'wgs84' ? gcoord.WGS84 : gcoord.BD09, gcoord.GCJ02) as [number, number];
        assert.ok(haversine(backLat, backLng, gcj.items[i].location.lat, gcj.items[i].location.lng) < 2, 'location given in the requested system');
      });
    }
  });

  it('sorts by the price of a grade when asked', async () => {
    const { body } = await nearby(`lat=${origin.lat}&lng=${origin.lng}&radius=6000&grade=95&sort=price`);
    const prices = body.items.map((s) => s.prices.find((p) => p.grade === '95')!.regularFen);
    assert.deepEqual(prices, [...prices].sort((a, b) => a - b));
  });

  it('shows a pushed price in nearby results right after the change (no stale cache)', async () => {
    const first = (await nearby(`lat=${target.lat}&lng=${target.lng}&radius=100`)).body.items[0];
    assert.equal(first.id, target.id);
    const p92 = first.prices.find((p) => p.grade === '92')!;
    const newPrice = p92.regularFen + 4;
    const push = await platform.backofficePrices(target.id, { changes: [{ grade: '92', regularFen: newPrice, memberFen: { silver: newPrice - 10, gold: newPrice - 20, diamond: newPrice - 30 } }] });
    assert.equal(push.status, 200);
    const after = (await nearby(`lat=${target.lat}&lng=${target.lng}&radius=100`)).body.items[0];
    assert.equal(after.prices.find((p) => p.grade === '92')!.regularFen, newPrice);
  });

  it('shows a change made behind this gateway (on the map service channel) once it is announced', async () => {
    const p95 = (await nearby(`lat=${target.lat}&lng=${target.lng}&radius=100`)).body.items[0].prices.find((p) => p.grade === '95')!;
    const newPrice = p95.regularFen + 3;
    const socket = new WebSocket(`ws://127.0.0.1:${platform.wsPort}/ws/prices`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const acked = new Promise((resolve) => socket.on('message', (data) => JSON.parse(data.toString()).type === 'ack' && resolve(undefined)));
    const message = { type: 'push', stationId: target.id, changes: [{ grade: '95', regularFen: newPrice, memberFen: { silver: newPrice - 10, gold: newPrice - 20, diamond: newPrice - 30 } }] };
    socket.send(JSON.stringify({ ...message, token: signStationToken(target.id, stationSecret(DEV_BACKOFFICE_MASTER_KEY, target.id), { method: 'PUSH', path: PRICE_CHANNEL_PATH, body: message }) }));
    await acked;
    socket.close();
    await waitFor(
      async () => (await nearby(`lat=${target.lat}&lng=${target.lng}&radius=100`)).body.items[0].prices.find((p) => p.grade === '95')!.regularFen === newPrice,
      1000,
      'the gateway to show the new price',
    );
  });

  it('answers out-of-range coordinates, a radius beyond the bound, an unknown coordType or a price sort without grade with 400', async () => {
    const cases: Array<[string, string]> = [
      ['lat=91&lng=104', 'query.lat'],
      ['lat=30.6&lng=-181', 'query.lng'],
      ['lat=30.6&lng=104&radius=10001', 'query.radius'],
      ['lat=30.6&lng=104&coordType=mercator', 'query.coordType'],
      ['lat=30.6&lng=104&sort=price', 'query.grade'],
      ['lng=104', 'query.lat'],
    ];
    for (const [query, field] of cases) {
      const { status, body } = await nearby(query);
      assert.equal(status, 400, query);
      assert.ok(body.error!.details.fields.some((f) => f.field === field), `${query} names ${field}`);
    }
  });

  itLeavesEverythingConsistent(() => platform);
});
