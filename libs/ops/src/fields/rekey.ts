/**
 * Moves every sealed field to the current keys: each value not sealed under the current key id and bound to its
 * place is opened and sealed again, each blind index not under the current index key is recomputed.
 *
 * Safe beside running services (MySQL): every row is rewritten by one conditional UPDATE that matches the values it
 * read, so a row a service changed meanwhile is left as the service wrote it (under the current key, once the
 * services have the new keys) and looked at again on the next pass. Resumable: a stopped run (a crash, `limit`)
 * has committed each row it rewrote, and the next run finds only what is left.
 */
import type { FieldCipher } from '@fuel/shared';
import type { Change, Query } from '../databases.js';
import { inspect, sealedRows } from './sealed-rows.js';

export interface RekeyResult {
  rowsRewritten: number;
  valuesSealed: number;
  indexesRecomputed: number;
  /** Values that do not open (verify names them): left as they are. */
  unreadable: number;
  /** Whether every sealed field is now current (false when stopped at the limit, or values stayed unreadable). */
  complete: boolean;
}

const MAX_PASSES = 5;

export async function rekey(cipher: FieldCipher, db: { query: Query; change: Change }, options: { limit?: number; batchSize?: number } = {}): Promise<RekeyResult> {
  const result: RekeyResult = { rowsRewritten: 0, valuesSealed: 0, indexesRecomputed: 0, unreadable: 0, complete: false };
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let raced = 0;
    result.unreadable = 0;
    for await (const row of sealedRows(db.query, options.batchSize)) {
      const { findings, plain } = inspect(cipher, row);
      const set: Record<string, string> = {};
      for (const finding of findings) {
        if (finding.kind === 'unreadable') result.unreadable++;
        else if (finding.kind === 'stale-index') set[finding.column] = cipher.blindIndex(plain[row.table.indexes.find((i) => i.column === finding.column)!.of]!);
        else set[finding.column] = cipher.seal({ table: row.table.table, column: finding.column, rowKey: row.id }, plain[finding.column]!);
      }
      const columns = Object.keys(set);
      if (columns.length === 0) continue;
      if (options.limit !== undefined && result.rowsRewritten >= options.limit) return result;
      // Matches every sealed value as read, so the new values are derived from what is still there.
      const read = [...row.table.columns, ...row.table.indexes.map((i) => i.column)];
      const changed = await db.change(
        `UPDATE ${row.table.table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ? AND ${read.map((c) => (row.stored[c] === null ? `${c} IS NULL` : `${c} = ?`)).join(' AND ')}`,
        [...columns.map((c) => set[c]), row.id, ...read.filter((c) => row.stored[c] !== null).map((c) => row.stored[c])],
      );
      if (changed === 0) {
        raced++;
        continue;
      }
      result.rowsRewritten++;
      for (const column of columns) {
        if (row.table.indexes.some((i) => i.column === column)) result.indexesRecomputed++;
        else result.valuesSealed++;
      }
    }
    if (raced === 0) {
      result.complete = result.unreadable === 0;
      return result;
    }
  }
  return result;
}
