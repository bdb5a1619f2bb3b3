/**
 * One way to build a service's TypeORM DataSource:
 * - MySQL/MariaDB when DATABASE_URL is set; with DATABASE_REPLICA_URL, TypeORM replication sends writes and
 *   transactions to the primary and ordinary reads (`find`, query builders without a runner) to the replica.
 *   Reads that decide money or stock must run inside a transaction or through `onPrimary`.
 * - Embedded SQLite (sql.js, no native build) otherwise, kept in DATA_DIR/<service>.sqlite.
 * Schema changes are migrations, run at start, in every environment including tests; never `synchronize`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { DataSource, type EntityManager, type MixedList, type DataSourceOptions } from 'typeorm';
import type { LogLevel } from 'typeorm/logger/Logger.js';
import { createConnection } from 'mysql2/promise';

export interface DataSourceSettings {
  service: string;
  DATABASE_URL?: string;
  DATABASE_REPLICA_URL?: string;
  DATA_DIR: string;
  entities: MixedList<Function>;
  migrations: MixedList<Function>;
  logging?: boolean;
}

export function dataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  const common = {
    entities: settings.entities,
    migrations: settings.migrations,
    migrationsRun: false,
    synchronize: false,
    // Failed queries are not logged here: the ones we expect (a unique key refusing a duplicate) are handled, and
    // the rest reach the service's error filter, which logs them with the request id.
    logging: (settings.logging ? ['error', 'warn', 'migration'] : ['warn']) as LogLevel[],
  };
  if (settings.DATABASE_URL) {
    const mysqlCommon = {
      ...common,
      type: 'mysql' as const,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      supportBigNumbers: true,
      bigNumberStrings: true,
      extra: { connectionLimit: 10 },
    };
    return settings.DATABASE_REPLICA_URL
      ? {
          ...mysqlCommon,
          replication: {
            master: { url: settings.DATABASE_URL },
            slaves: [{ url: settings.DATABASE_REPLICA_URL }],
            canRetry: true,
            selector: 'RR',
          },
        }
      : { ...mysqlCommon, url: settings.DATABASE_URL };
  }
  mkdirSync(settings.DATA_DIR, { recursive: true });
  return {
    ...common,
    type: 'sqljs',
    driver: initSqlJs,
    location: join(settings.DATA_DIR, `${settings.service}.sqlite`),
    autoSave: true,
  };
}

/** Creates the MySQL database named in the URL when it is missing (dev and tests; production has it). */
export async function ensureMysqlDatabase(url: string): Promise<void> {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(database)) throw new Error(`unsupported database name in DATABASE_URL: ${database}`);
  parsed.pathname = '/';
  const connection = await createConnection(parsed.toString());
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
}

/** Initialises the data source and brings the schema up to date. */
export async function openDataSource(settings: DataSourceSettings): Promise<DataSource> {
  if (settings.DATABASE_URL) await ensureMysqlDatabase(settings.DATABASE_URL);
  const dataSource = new DataSource(dataSourceOptions(settings));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  if (dataSource.options.type === 'sqljs') serializeEmbedded(dataSource);
  return dataSource;
}

/**
 * sql.js gives every caller the same connection: a second transaction would nest as a savepoint inside the first,
 * and a rollback of one could undo the other. In embedded mode every transaction, and every statement outside
 * one, therefore takes turns on one lock (statements inside a transaction run under the lock it holds).
 */
function serializeEmbedded(dataSource: DataSource): void {
  const holding = new AsyncLocalStorage<true>();
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    if (holding.getStore()) return work();
    const turn = tail.then(() => holding.run(true, work));
    tail = turn.catch(() => undefined);
    return turn;
  };
  const manager = dataSource.manager as EntityManager & { transaction: (...args: unknown[]) => Promise<unknown> };
  const transaction = manager.transaction.bind(manager);
  manager.transaction = (...args: unknown[]) => exclusive(() => transaction(...args));
  const runner = dataSource.driver.createQueryRunner('master') as { query: (...args: unknown[]) => Promise<unknown> };
  const query = runner.query.bind(runner);
  runner.query = (...args: unknown[]) => exclusive(() => query(...args));
}

/** Runs reads on the primary (for decisions about money or stock outside a transaction). */
export async function onPrimary<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner('master');
  try {
    return await work(runner.manager);
  } finally {
    await runner.release();
  }
}

export function isMysql(dataSource: DataSource): boolean {
  return dataSource.options.type === 'mysql';
}

/** Find options that lock the rows read until the transaction ends (SELECT … FOR UPDATE); embedded mode serialises transactions instead. */
export function forUpdate(dataSource: DataSource): { lock?: { mode: 'pessimistic_write' } } {
  return isMysql(dataSource) ? { lock: { mode: 'pessimistic_write' } } : {};
}
