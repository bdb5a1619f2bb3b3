/**
 * Column helpers for migrations written with TypeORM's Table API, so the same migration runs on
 * MySQL/MariaDB and on the embedded SQLite.
 */
import type { QueryRunner, TableColumnOptions, ValueTransformer } from 'typeorm';

/** Auto-increment primary key: BIGINT on MySQL; SQLite only auto-increments an INTEGER key (64-bit anyway). */
export const idColumn = (runner: QueryRunner, name = 'id'): TableColumnOptions => ({
  name,
  type: runner.connection.options.type === 'mysql' ? 'bigint' : 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
});

export const fenColumnDef = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'bigint',
  isNullable: nullable,
});

export const varchar = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});

export const int = (name: string, nullable = false, defaultValue?: number): TableColumnOptions => ({
  name,
  type: 'int',
  isNullable: nullable,
  default: defaultValue,
});

/** Coordinates are not money: a double is exact enough (well under a millimetre). */
export const coordinate = (name: string): TableColumnOptions => ({ name, type: 'double' });

export const text = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });

/** created_at / updated_at with a database default; SQLite spells "now" differently. */
export const timestamps = (runner: QueryRunner): TableColumnOptions[] => {
  const now = runner.connection.options.type === 'mysql' ? 'CURRENT_TIMESTAMP(3)' : "(strftime('%Y-%m-%d %H:%M:%f','now'))";
  return [
    { name: 'created_at', type: 'datetime', precision: 3, default: now },
    { name: 'updated_at', type: 'datetime', precision: 3, default: now },
  ];
};

/** TypeORM transformer for JSON kept in a text column (null and unset stay as they are). */
export const jsonColumn: ValueTransformer = {
  to: (value: unknown) => (value == null ? value : JSON.stringify(value)),
  from: (value: string | null) => (value == null ? value : JSON.parse(value)),
};
