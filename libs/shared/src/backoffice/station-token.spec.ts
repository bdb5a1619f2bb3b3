import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson, checkStationToken, signStationToken, stationRequestDigest, stationSecret, type StationRequest } from './station-token.js';

const master = 'ab'.repeat(32);
const now = new Date('2026-11-26T08:00:00Z');

const request = { method: 'POST' as const, path: '/api/v1/backoffice/stations/7/prices', body: { changes: [{ grade: '92', regularFen: 728 }], confirm: false } };
const received = (over: Partial<{ method: 'POST' | 'PUSH'; path: string; body: unknown }> = {}): StationRequest => {
  const r = { ...request, ...over };
  return { method: r.method, path: r.path, bodyDigest: stationRequestDigest(r.body) };
};

describe('station back-office tokens', () => {
  it('accepts a token signed with the station secret for this very request', () => {
    const token = signStationToken(7, stationSecret(master, 7), request, now, 'nonce-0001');
    assert.deepEqual(checkStationToken(token, 7, master, received(), now), { ok: true, stationId: 7, nonce: 'nonce-0001' });
  });

  it('refuses a token of another station, a wrong secret, a tampered token, and an old one', () => {
    const token = signStationToken(7, stationSecret(master, 7), request, now);
    assert.equal(checkStationToken(token, 8, master, received(), now).ok, false);
    assert.deepEqual(checkStationToken(signStationToken(7, stationSecret('cd'.repeat(32), 7), request, now), 7, master, received(), now), { ok: false, reason: 'bad_signature' });
    assert.deepEqual(checkStationToken(token.replace('v2.7.', 'v2.7.1'), 7, master, received(), now).ok, false);
    assert.deepEqual(checkStationToken(token, 7, master, received(), new Date(now.getTime() + 301_000)), { ok: false, reason: 'expired' });
    assert.deepEqual(checkStationToken('garbage', 7, master, received(), now), { ok: false, reason: 'malformed' });
  });

  it('refuses the token with another body, path or method, and a version 1 token', () => {
    const token = signStationToken(7, stationSecret(master, 7), request, now);
    assert.deepEqual(checkStationToken(token, 7, master, received({ body: { changes: [{ grade: '92', regularFen: 729 }], confirm: false } }), now), { ok: false, reason: 'bad_signature' });
    assert.deepEqual(checkStationToken(token, 7, master, received({ path: '/api/v1/backoffice/stations/7/inventory' }), now), { ok: false, reason: 'bad_signature' });
    assert.deepEqual(checkStationToken(token, 7, master, received({ method: 'PUSH' }), now), { ok: false, reason: 'bad_signature' });
    assert.deepEqual(checkStationToken(token.replace(/^v2\./, 'v1.'), 7, master, received(), now), { ok: false, reason: 'malformed' });
  });

  it('digests the body by value: key order and spacing do not matter, every value does', () => {
    assert.equal(stationRequestDigest({ b: 1, a: [{ y: 2, x: 'é' }] }), stationRequestDigest(JSON.parse('{ "a": [ { "x": "é", "y": 2 } ], "b": 1 }')));
    assert.notEqual(stationRequestDigest({ a: 1 }), stationRequestDigest({ a: '1' }));
    assert.equal(canonicalJson({ b: [1, { d: null, c: true }], a: 'x' }), '{"a":"x","b":[1,{"c":true,"d":null}]}');
  });

  it('gives every station a different secret', () => {
    assert.notEqual(stationSecret(master, 1), stationSecret(master, 2));
  });
});
