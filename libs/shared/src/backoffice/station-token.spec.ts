import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkStationToken, signStationToken, stationSecret } from './station-token.js';

const master = 'ab'.repeat(32);
const now = new Date('2026-11-26T08:00:00Z');

describe('station back-office tokens', () => {
  it('accepts a token signed with the station secret', () => {
    const token = signStationToken(7, stationSecret(master, 7), now, 'nonce-0001');
    assert.deepEqual(checkStationToken(token, 7, master, now), { ok: true, stationId: 7, nonce: 'nonce-0001' });
  });

  it('refuses a token of another station, a wrong secret, a tampered token, and an old one', () => {
    const token = signStationToken(7, stationSecret(master, 7), now);
    assert.equal(checkStationToken(token, 8, master, now).ok, false);
    assert.deepEqual(checkStationToken(signStationToken(7, stationSecret('cd'.repeat(32), 7), now), 7, master, now), { ok: false, reason: 'bad_signature' });
    assert.deepEqual(checkStationToken(token.replace('v1.7.', 'v1.7.1'), 7, master, now).ok, false);
    assert.deepEqual(checkStationToken(token, 7, master, new Date(now.getTime() + 301_000)), { ok: false, reason: 'expired' });
    assert.deepEqual(checkStationToken('garbage', 7, master, now), { ok: false, reason: 'malformed' });
  });

  it('gives every station a different secret', () => {
    assert.notEqual(stationSecret(master, 1), stationSecret(master, 2));
  });
});
