/**
 * Sealed columns: where the encrypted fields live, and the one way they are written and read through TypeORM.
 *
 * A sealed value's tag binds its table, column and row id (field-cipher.ts), which a column transformer never sees,
 * so sealing happens where the row is known: reads open in an `afterLoad` subscriber (the row's id is loaded with
 * it), writes go through `insertSealed` / `updateSealed`. The `sealedColumn` transformer on each such column refuses
 * plaintext, so a write that bypasses them fails instead of storing a phone in the clear.
 *
 * SEALED_TABLES is also what `npm run rekey` rewrites and `npm run verify` checks; `installFieldCipher` refuses to
 * start when the entities and this list disagree.
 */
import type { DataSource, EntityManager, EntitySubscriberInterface, EntityTarget, LoadEvent, ObjectLiteral, ValueTransformer } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata.js';
import { FieldCipher } from './field-cipher.js';

export interface SealedTable {
  table: string;
  /** Sealed columns (the row key is `id`). */
  columns: string[];
  /** Blind indexes, each the digest of one sealed column's plaintext. */
  indexes: Array<{ column: string; of: string }>;
}

export const SEALED_TABLES: readonly SealedTable[] = [
  { table: 'members', columns: ['phone_enc', 'session_key_enc'], indexes: [{ column: 'phone_bidx', of: 'phone_enc' }] },
  { table: 'staff', columns: ['phone_enc'], indexes: [{ column: 'phone_bidx', of: 'phone_enc' }] },
  { table: 'member_addresses', columns: ['recipient_enc', 'phone_enc', 'detail_enc'], indexes: [] },
];

/** What a sealed column holds between a row's insert and its sealing, in the same transaction; it never opens. */
const PENDING = 'sm4v2:pending';

/** Marks a sealed column and refuses plaintext written to it. */
export const sealedColumn: ValueTransformer = {
  to: (value: unknown) => {
    if (value == null || value === PENDING || (typeof value === 'string' && FieldCipher.formOf(value))) return value;
    throw new Error('a sealed column is written through insertSealed or updateSealed, never as plaintext');
  },
  from: (value: unknown) => value,
};

const sealedColumnsByEntity = new WeakMap<EntityMetadata, ColumnMetadata[]>();

function sealedColumnsOf(metadata: EntityMetadata): ColumnMetadata[] {
  let columns = sealedColumnsByEntity.get(metadata);
  if (!columns) {
    columns = metadata.columns.filter((column) => column.transformer === sealedColumn);
    sealedColumnsByEntity.set(metadata, columns);
  }
  return columns;
}

/** Opens every sealed column of a loaded row at its place. */
export class SealedFieldSubscriber implements EntitySubscriberInterface {
  constructor(readonly cipher: FieldCipher) {}

  afterLoad(entity: ObjectLiteral, event?: LoadEvent<ObjectLiteral>): void {
    if (!event) return;
    const columns = sealedColumnsOf(event.metadata);
    if (columns.length === 0) return;
    const rowKey = event.metadata.primaryColumns[0]!.getEntityValue(entity) as number | undefined;
    for (const column of columns) {
      const stored = column.getEntityValue(entity) as string | null | undefined;
      if (stored == null) continue;
      if (rowKey === undefined) throw new Error(`${event.metadata.tableName}.${column.databaseName}: a sealed field is read with its row's id`);
      column.setEntityValue(entity, this.cipher.open({ table: event.metadata.tableName, column: column.databaseName, rowKey }, stored));
    }
  }
}

/** Installs the cipher on a data source, after checking that its entities seal exactly the columns SEALED_TABLES lists. */
export function installFieldCipher(dataSource: DataSource, cipher: FieldCipher): void {
  for (const metadata of dataSource.entityMetadatas) {
    const listed = SEALED_TABLES.find((t) => t.table === metadata.tableName)?.columns ?? [];
    const marked = sealedColumnsOf(metadata).map((c) => c.databaseName);
    if (listed.length !== marked.length || listed.some((c) => !marked.includes(c))) {
      throw new Error(`${metadata.tableName}: sealed columns [${marked.join(', ')}] differ from SEALED_TABLES [${listed.join(', ')}]`);
    }
  }
  dataSource.subscribers.push(new SealedFieldSubscriber(cipher));
}

/** The cipher installed on a data source (for blind indexes). */
export function fieldCipherOf(dataSource: DataSource): FieldCipher {
  const subscriber = dataSource.subscribers.find((s): s is SealedFieldSubscriber => s instanceof SealedFieldSubscriber);
  if (!subscriber) throw new Error('field cipher not installed (installFieldCipher at start)');
  return subscriber.cipher;
}

/** `values` with each sealed column's plaintext sealed to its place in row `id`; other values as they are. */
function sealedValues<E extends ObjectLiteral>(manager: EntityManager, metadata: EntityMetadata, id: number, values: Partial<E>): Partial<E> {
  const cipher = fieldCipherOf(manager.connection);
  const sealed: ObjectLiteral = { ...values };
  for (const column of sealedColumnsOf(metadata)) {
    const value = sealed[column.propertyName] as unknown;
    if (typeof value === 'string') sealed[column.propertyName] = cipher.seal({ table: metadata.tableName, column: column.databaseName, rowKey: id }, value);
  }
  return sealed as Partial<E>;
}

/** Updates row `id`, sealing the sealed columns among `changes` to that row. */
export async function updateSealed<E extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<E>, id: number, changes: Partial<E>): Promise<void> {
  const metadata = manager.connection.getMetadata(target);
  await manager.update(target, { id }, sealedValues(manager, metadata, id, changes) as never);
}

/**
 * Inserts a row whose sealed columns are bound to its id, which exists only once it is inserted: the row goes in with
 * those columns pending and is sealed by an update in the same transaction. Returns the values with the new id.
 */
export async function insertSealed<E extends ObjectLiteral & { id: number }>(manager: EntityManager, target: EntityTarget<E>, values: Omit<E, 'id'>): Promise<E> {
  const metadata = manager.connection.getMetadata(target);
  const pending: ObjectLiteral = { ...values };
  const sealedProperties: ObjectLiteral = {};
  for (const column of sealedColumnsOf(metadata)) {
    if (typeof pending[column.propertyName] !== 'string') continue;
    sealedProperties[column.propertyName] = pending[column.propertyName];
    pending[column.propertyName] = PENDING;
  }
  const insert = async (m: EntityManager): Promise<E> => {
    const { identifiers } = await m.insert(target, pending as never);
    const id = Number(identifiers[0]!.id);
    await updateSealed(m, target, id, sealedProperties as Partial<E>);
    return { ...values, id } as E;
  };
  return manager.queryRunner?.isTransactionActive ? insert(manager) : manager.transaction(insert);
}
