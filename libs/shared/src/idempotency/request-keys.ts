/**
 * Idempotency-Keys kept with the changes they made (issue 22): on the order, the payment attempt, the counter
 * confirmation. A key is honoured for a day, as the gateway's Redis copies are; after that the same key is a new
 * request, and the services forget it (a periodic job, at most hourly: `hourly` in time/hourly.ts).
 */
import type { DataSource } from 'typeorm';

export const REQUEST_KEYS_KEPT_MS = 24 * 3600 * 1000;

export interface KeptRequestKeys {
  table: string;
  /** The key's columns, cleared together; the first one tells whether a row still holds a key. */
  columns: readonly string[];
  /** When the key was used (the row's creation or its last change). */
  usedAt: string;
}

/** Clears the keys used before `now` minus a day. */
export async function forgetRequestKeys(dataSource: DataSource, kept: KeptRequestKeys, now: Date): Promise<void> {
  const before = new Date(now.getTime() - REQUEST_KEYS_KEPT_MS);
  await dataSource.query(`UPDATE ${kept.table} SET ${kept.columns.map((column) => `${column} = NULL`).join(', ')} WHERE ${kept.columns[0]} IS NOT NULL AND ${kept.usedAt} < ?`, [before]);
}
