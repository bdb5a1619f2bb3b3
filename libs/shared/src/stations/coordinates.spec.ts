import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { convert, haversineMetres } from './coordinates.js';

// Reference pairs published with the widely used coordtransform library (wandergis/coordtransform README).
const P = { lng: 116.404, lat: 39.915 };
const close = (actual: { lat: number; lng: number }, expected: [number, number]) => {
  assert.ok(Math.abs(actual.lng - expected[0]) < 1e-5, `lng ${actual.lng} vs ${expected[0]}`);
  assert.ok(Math.abs(actual.lat - expected[1]) < 1e-5, `lat ${actual.lat} vs ${expected[1]}`);
};

describe('coordinate conversion', () => {
  it('GCJ-02 → BD-09', () => close(convert(P, 'gcj02', 'bd09'), [116.41036949371029, 39.92133699351022]));
  it('BD-09 → GCJ-02', () => close(convert(P, 'bd09', 'gcj02'), [116.39762729119315, 39.90865673957631]));
  it('WGS-84 → GCJ-02', () => close(convert(P, 'wgs84', 'gcj02'), [116.41024449916938, 39.91640428150164]));
  it('GCJ-02 → WGS-84', () => close(convert(P, 'gcj02', 'wgs84'), [116.39775550083061, 39.91359571849836]));
  it('round-trips WGS-84 through GCJ-02 within a metre in Chengdu', () => {
    const chengdu = { lat: 30.657, lng: 104.066 };
    const back = convert(convert(chengdu, 'wgs84', 'gcj02'), 'gcj02', 'wgs84');
    assert.ok(haversineMetres(chengdu, back) < 1);
  });
  it('measures one degree of latitude as about 111.2 km', () => {
    const d = haversineMetres({ lat: 30, lng: 104 }, { lat: 31, lng: 104 });
    assert.ok(Math.abs(d - 111_195) < 10, String(d));
  });
});
