import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nearbyQuery } from '../contracts/map/nearby.dto.js';
import type { StationSummary } from '../contracts/map/station.dto.js';
import { MemoryGeoIndex } from './geo-index.js';
import { NearbySearch } from './nearby-search.js';

const summary = (id: number, lat: number, lng: number, regularFen: number, status: StationSummary['status'] = 'open'): StationSummary => ({
  id,
  code: `T-${id}`,
  name: `测试站"${id}"`,
  brand: '中国石化',
  regionCode: 'T',
  address: '四川省成都市',
  location: { lat, lng },
  openingHours: { allDay: false, days: [{ weekday: 4, open: '06:00', close: '22:00' }] },
  services: ['toilet'],
  status,
  prices: [{ grade: '95', regularFen, memberFen: { silver: regularFen - 10, gold: regularFen - 20, diamond: regularFen - 30 }, updatedAt: '2026-11-26T00:00:00.000Z' }],
});

async function searchOver(stations: StationSummary[]) {
  const geo = new MemoryGeoIndex();
  for (const s of stations) await geo.upsert(s.id, s.location.lat, s.location.lng);
  const byId = new Map(stations.map((s) => [s.id, s]));
  // Thursday 2026-11-26 10:00 in Shanghai: open.
  return new NearbySearch(geo, { many: async (ids) => new Map(ids.flatMap((id) => (byId.has(id) ? [[id, byId.get(id)!] as const] : []))) }, () => new Date('2026-11-26T02:00:00Z'));
}

describe('nearby search', () => {
  const stations = [summary(1, 30.66, 104.07, 790), summary(2, 30.661, 104.07, 770), summary(3, 30.662, 104.07, 780, 'closed'), summary(4, 30.9, 104.07, 700)];

  it('gives the same result as JSON text (the gateway edge) as as objects, in every coordinate system and sort', async () => {
    const search = await searchOver(stations);
    for (const raw of [{ lat: '30.66', lng: '104.07' }, { lat: '30.66', lng: '104.07', coordType: 'bd09' }, { lat: '30.66', lng: '104.07', grade: '95', sort: 'price' }]) {
      const query = nearbyQuery.parse(raw);
      assert.deepEqual(JSON.parse(await search.nearbyJson(query)), await search.nearby(query));
      assert.deepEqual(JSON.parse(await search.nearbyJson(query)), await search.nearby(query), 'and again from the cached fragments');
    }
  });

  it('leaves out closed and distant stations, and sorts by price when asked', async () => {
    const search = await searchOver(stations);
    const byDistance = await search.nearby(nearbyQuery.parse({ lat: '30.66', lng: '104.07' }));
    assert.deepEqual(byDistance.items.map((s) => s.id), [1, 2]);
    assert.equal(byDistance.items[0].openNow, true);
    const byPrice = await search.nearby(nearbyQuery.parse({ lat: '30.66', lng: '104.07', grade: '95', sort: 'price' }));
    assert.deepEqual(byPrice.items.map((s) => s.id), [2, 1]);
  });
});
