/**
 * The audit log's hash chain (pure): each record's hash covers its own fields and the previous record's hash, so
 * altering, deleting or reordering any record breaks every link after it. The first record links to GENESIS.
 */
import { createHash } from 'node:crypto';
import type { AuditRecord } from '../contracts/user/patterns.js';

export const GENESIS_HASH = '0'.repeat(64);

export type ChainedRecord = AuditRecord & { prevHash: string; hash: string };

/** The fields in a fixed order; `at` as epoch milliseconds (what a datetime(3) column keeps exactly). */
function canonical(record: AuditRecord, prevHash: string): string {
  return JSON.stringify([
    record.seq,
    prevHash,
    new Date(record.at).getTime(),
    record.staffId,
    record.username,
    record.role,
    record.stationId,
    record.regionCode,
    record.action,
    record.target,
    record.outcome,
    record.detail,
    record.ip,
    record.requestId,
  ]);
}

export function chainHash(record: AuditRecord, prevHash: string): string {
  return createHash('sha256').update(canonical(record, prevHash)).digest('hex');
}

export type ChainBreak = { seq: number; reason: 'hash-mismatch' | 'broken-link' | 'missing-record' };

/**
 * Walks records in `seq` order (a page at a time: pass the previous call's state) and returns the first break.
 * A deleted record shows as a gap in seq (or a broken link), an edited one as a hash mismatch.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  checked = 0;

  next(record: ChainedRecord): ChainBreak | null {
    if (record.seq !== this.expectedSeq) return { seq: this.expectedSeq, reason: 'missing-record' };
    if (record.prevHash !== this.prevHash) return { seq: record.seq, reason: 'broken-link' };
    if (chainHash(record, record.prevHash) !== record.hash) return { seq: record.seq, reason: 'hash-mismatch' };
    this.expectedSeq += 1;
    this.prevHash = record.hash;
    this.checked += 1;
    return null;
  }

  get head(): { seq: number; hash: string } {
    return { seq: this.expectedSeq - 1, hash: this.prevHash };
  }
}
