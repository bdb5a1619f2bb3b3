/**
 * Reads every sealed field (SEALED_TABLES) with plain SQL, a batch of rows at a time, and says of each row what is
 * not as new values are written: a value that does not open at its place, one on a retired key or in the first
 * (unbound) form, a blind index not under the current index key. `verify` reports these; `rekey` rewrites them.
 */
import { FieldCipher, FieldDecryptionError, SEALED_TABLES, type SealedTable } from '@fuel/shared';
import type { Query } from '../databases.js';

export interface SealedRow {
  table: SealedTable;
  id: string;
  /** Column → stored value (null when empty). */
  stored: Record<string, string | null>;
}

export type FindingKind = 'unreadable' | 'retired-key' | 'unbound' | 'stale-index';

export interface Finding {
  kind: FindingKind;
  column: string;
}

export interface RowInspection {
  findings: Finding[];
  /** Sealed column → plaintext, for the values that opened. */
  plain: Record<string, string>;
}

/** Every row of every sealed table in id order, `batchSize` rows per query. */
export async function* sealedRows(query: Query, batchSize = 500): AsyncGenerator<SealedRow> {
  for (const table of SEALED_TABLES) {
    const columns = [...table.columns, ...table.indexes.map((index) => index.column)];
    let after = '0';
    for (;;) {
      const rows = await query(`SELECT id, ${columns.join(', ')} FROM ${table.table} WHERE id > ? ORDER BY id LIMIT ${batchSize}`, [after]);
      for (const row of rows) {
        yield { table, id: String(row.id), stored: Object.fromEntries(columns.map((column) => [column, row[column] == null ? null : String(row[column])])) };
      }
      if (rows.length < batchSize) break;
      after = String(rows.at(-1)!.id);
    }
  }
}

export function inspect(cipher: FieldCipher, row: SealedRow): RowInspection {
  const findings: Finding[] = [];
  const plain: Record<string, string> = {};
  for (const column of row.table.columns) {
    const stored = row.stored[column];
    if (stored == null) continue;
    try {
      plain[column] = cipher.open({ table: row.table.table, column, rowKey: row.id }, stored);
    } catch (error) {
      if (!(error instanceof FieldDecryptionError)) throw error;
      findings.push({ kind: 'unreadable', column });
      continue;
    }
    const form = FieldCipher.formOf(stored)!;
    if (!form.bound) findings.push({ kind: 'unbound', column });
    else if (form.kid !== cipher.currentKid) findings.push({ kind: 'retired-key', column });
  }
  for (const index of row.table.indexes) {
    const source = plain[index.of];
    if (source !== undefined && row.stored[index.column] !== cipher.blindIndex(source)) findings.push({ kind: 'stale-index', column: index.column });
  }
  return { findings, plain };
}

const DESCRIPTIONS: Record<FindingKind, (cipher: FieldCipher, stored: string | null) => string> = {
  unreadable: () => 'does not open here (altered, copied from another row or column, or under a key not configured)',
  'retired-key': (_cipher, stored) => `sealed under retired key ${FieldCipher.formOf(stored!)!.kid}: run npm run rekey`,
  unbound: () => 'in the first form, not bound to its place: run npm run rekey',
  'stale-index': () => 'blind index not under the current index key: run npm run rekey',
};

export function describeFinding(cipher: FieldCipher, row: SealedRow, finding: Finding): string {
  return `${row.table.table} #${row.id} ${finding.column}: ${DESCRIPTIONS[finding.kind](cipher, row.stored[finding.column] ?? null)}`;
}
