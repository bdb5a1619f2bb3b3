import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditRecord } from '../contracts/user/patterns.js';
import { ChainVerifier, chainHash, GENESIS_HASH, type ChainedRecord } from './audit-chain.js';

function chain(count: number): ChainedRecord[] {
  const records: ChainedRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const record: AuditRecord = {
      seq,
      at: new Date(Date.UTC(2026, 10, 29, 8, 0, seq)).toISOString(),
      staffId: 7,
      username: 'attendant.cd-jj-01',
      role: 'attendant',
      stationId: 1,
      regionCode: 'JJ',
      action: 'redemption.confirm',
      target: `M2026112900000${seq}`,
      outcome: 'success',
      detail: null,
      ip: '10.0.0.8',
      requestId: `req-${seq}-abcdef`,
    };
    const hash = chainHash(record, prevHash);
    records.push({ ...record, prevHash, hash });
    prevHash = hash;
  }
  return records;
}

const firstBreak = (records: ChainedRecord[]) => {
  const verifier = new ChainVerifier();
  for (const record of records) {
    const broken = verifier.next(record);
    if (broken) return broken;
  }
  return null;
};

describe('audit hash chain', () => {
  it('accepts an untouched chain and reports its head', () => {
    const records = chain(5);
    const verifier = new ChainVerifier();
    for (const record of records) assert.equal(verifier.next(record), null);
    assert.deepEqual(verifier.head, { seq: 5, hash: records[4]!.hash });
  });

  it('reports an edited field as a hash mismatch at that record', () => {
    const records = chain(5);
    records[2] = { ...records[2]!, outcome: 'failure' };
    assert.deepEqual(firstBreak(records), { seq: 3, reason: 'hash-mismatch' });
  });

  it('reports a deleted record as missing at its seq', () => {
    const records = chain(5);
    records.splice(1, 1);
    assert.deepEqual(firstBreak(records), { seq: 2, reason: 'missing-record' });
  });

  it('reports a record rewritten with a fresh hash as a broken link at the next one', () => {
    const records = chain(5);
    const forged = { ...records[1]!, target: 'forged' };
    records[1] = { ...forged, hash: chainHash(forged, forged.prevHash) };
    assert.deepEqual(firstBreak(records), { seq: 3, reason: 'broken-link' });
  });
});
