/**
 * One way to build a service's TypeORM DataSource:
 * - MySQL/MariaDB when DATABASE_URL is set. With DATABASE_REPLICA_URL every query still goes to the primary unless
 *   it runs through `onReplica`: a read that follows its own write must never meet a lagging replica, so the
 *   replica serves only the reads named for it (reports, public lists), and only when it has caught up.
 * - Embedded SQLite (sql.js, no native build) otherwise, kept in DATA_DIR/<service>.sqlite.
 * Schema changes are migrations, run at start, in every environment including tests; never `synchronize`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { DataSource, type EntityManager, type MixedList, type DataSourceOptions } from 'typeorm';
import type { LogLevel } from 'typeorm/logger/Logger.js';
import mysql2 from 'mysql2';
import { createConnection } from 'mysql2/promise';

/**
 * The MySQL client every MySQL DataSource is given, rather than TypeORM loading it by name: a service ships as one
 * bundle (scripts/bundle-service.mjs), with no mysql2 folder of its own to load it from.
 */
export const mysqlDriver = mysql2;

export interface DataSourceSettings {
  service: string;
  DATABASE_URL?: string;
  DATABASE_REPLICA_URL?: string;
  DATABASE_TLS_CA_FILE?: string;
  /** MySQL connections in the pool (10 unless given). */
  DATABASE_POOL_SIZE?: number;
  DATA_DIR: string;
  entities: MixedList<Function>;
  migrations: MixedList<Function>;
  logging?: boolean;
}

/**
 * TLS for MySQL connections when a CA is given: the server's certificate must chain to it and name the host
 * (TLS 1.2 and later); without one, connections are plain (a private network, or the embedded default).
 */
export function mysqlTls(settings: { DATABASE_TLS_CA_FILE?: string }): { ssl?: { ca: string; rejectUnauthorized: true; minVersion: 'TLSv1.2' } } {
  return settings.DATABASE_TLS_CA_FILE ? { ssl: { ca: readFileSync(settings.DATABASE_TLS_CA_FILE, 'utf8'), rejectUnauthorized: true, minVersion: 'TLSv1.2' } } : {};
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
      driver: mysqlDriver,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      supportBigNumbers: true,
      bigNumberStrings: true,
      extra: { connectionLimit: settings.DATABASE_POOL_SIZE ?? 10 },
      ...mysqlTls(settings),
    };
    return settings.DATABASE_REPLICA_URL
      ? {
          ...mysqlCommon,
          replication: {
            master: { url: settings.DATABASE_URL },
            slaves: [{ url: settings.DATABASE_REPLICA_URL }],
            canRetry: true,
            // A server that stops answering (a restart, a failover) is left out for a second at a time, never for
            // good: mysql2's pool cluster otherwise drops it after 5 errors until the service restarts.
            restoreNodeTimeout: 1000,
            selector: 'RR',
            defaultMode: 'master',
          },
        }
      : { ...mysqlCommon, url: settings.DATABASE_URL };
  }
  mkdirSync(settings.DATA_DIR, { recursive: true });
  const location = join(settings.DATA_DIR, `${settings.service}.sqlite`);
  return {
    ...common,
    type: 'sqljs',
    driver: initSqlJs,
    location,
    autoSave: true,
    // The whole database after each write, written beside the file and renamed over it, synchronously. TypeORM's own
    // save truncates the file and writes it asynchronously: an exit in between (a stop while prices were being
    // saved) left an empty database, and two saves at once could interleave.
    autoSaveCallback: (data: Uint8Array) => {
      writeFileSync(`${location}.saving`, data);
      renameSync(`${location}.saving`, location);
    },
  };
}

/** Creates the MySQL database named in the URL when it is missing (dev and tests; production has it). */
export async function ensureMysqlDatabase(url: string, tls: ReturnType<typeof mysqlTls> = {}): Promise<void> {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(database)) throw new Error(`unsupported database name in DATABASE_URL: ${database}`);
  parsed.pathname = '/';
  const connection = await createConnection({ uri: parsed.toString(), ...tls });
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
  if (settings.DATABASE_URL) await ensureMysqlDatabase(settings.DATABASE_URL, mysqlTls(settings));
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

/** How often `onReplica` could use the replica, and how often it read the primary instead (in the service's health). */
export interface ReplicaReads {
  replica: number;
  primary: number;
}
const replicaReads = new WeakMap<DataSource, ReplicaReads>();
const gtidFlavour = new WeakMap<DataSource, Promise<GtidQueries>>();
interface GtidQueries {
  /** Everything the primary has committed. */
  position: string;
  /** Waits at most ? seconds for the replica to have applied that; 0 when it has. */
  wait: string;
}
/** How long a replica read waits for the replica to catch up before it goes to the primary instead. */
const REPLICA_WAIT_SECONDS = 0.1;

export interface PoolUsage {
  role: 'primary' | 'replica';
  inUse: number;
  idle: number;
  /** Queries waiting for a connection: the pool is exhausted. */
  waiting: number;
  limit: number;
}

/** The internals of a mysql2 pool (lib/base/pool.js) that hold its figures: mysql2 offers no public counters. */
interface Mysql2Pool {
  _allConnections: { length: number };
  _freeConnections: { length: number };
  _connectionQueue: { length: number };
  config: { connectionLimit: number };
}

/**
 * How the MySQL connection pools are used: connections in use and idle, queries waiting, per primary and replica
 * (empty when embedded). Read from mysql2's own pool queues; devkit's database.int-spec holds a connection and
 * watches the figures move, so a mysql2 upgrade that renames them fails a test instead of reading zero.
 */
export function poolUsage(dataSource: DataSource): PoolUsage[] {
  if (!isMysql(dataSource) || !dataSource.isInitialized) return [];
  const driver = dataSource.driver as unknown as { pool?: Mysql2Pool; poolCluster?: { _nodes: Record<string, { pool: Mysql2Pool }> } };
  const pools: Array<[PoolUsage['role'], Mysql2Pool]> = driver.poolCluster
    ? Object.entries(driver.poolCluster._nodes).map(([id, node]) => [id === 'MASTER' ? 'primary' : 'replica', node.pool])
    : driver.pool
      ? [['primary', driver.pool]]
      : [];
  return pools.map(([role, pool]) => {
    const open = pool._allConnections.length;
    const idle = pool._freeConnections.length;
    return { role, inUse: open - idle, idle, waiting: pool._connectionQueue.length, limit: pool.config.connectionLimit };
  });
}

export function replicaReadCounts(dataSource: DataSource): ReplicaReads | undefined {
  return replicaReads.get(dataSource);
}

function hasReplica(dataSource: DataSource): boolean {
  return isMysql(dataSource) && Boolean((dataSource.options as { replication?: unknown }).replication);
}

/**
 * Runs reads that may be served by the replica: only when the replica has applied every transaction the primary
 * had committed when the read began (the GTID wait below), so what it answers is never older than the request,
 * and a write just made is always seen. A replica that lags, stopped or cannot be reached sends the read to the
 * primary: slower, never stale. Without a replica, or embedded, it is an ordinary read.
 */
export async function onReplica<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (!hasReplica(dataSource)) return work(dataSource.manager);
  const counts = replicaReads.get(dataSource) ?? { replica: 0, primary: 0 };
  replicaReads.set(dataSource, counts);
  const gtid = await gtidQueries(dataSource);
  const [{ position }] = (await dataSource.query(gtid.position)) as Array<{ position: string }>;
  const runner = dataSource.createQueryRunner('slave');
  try {
    // Anything that goes wrong before the work runs (no replica connection, the pool cluster resting a failed
    // replica, the wait itself) means the replica is not there for this read: the primary answers it.
    const caughtUp = await runner
      .query(gtid.wait, [position, REPLICA_WAIT_SECONDS])
      .then(([{ waited }]: Array<{ waited: number | string }>) => Number(waited) === 0)
      .catch(() => false);
    if (caughtUp) {
      try {
        const result = await work(runner.manager);
        counts.replica++;
        return result;
      } catch (error) {
        // The replica went away mid-read: the primary answers. Any other error would fail there the same way.
        if (!isConnectionError(error)) throw error;
      }
    }
  } finally {
    await runner.release().catch(() => undefined);
  }
  counts.primary++;
  return onPrimary(dataSource, work);
}

function gtidQueries(dataSource: DataSource): Promise<GtidQueries> {
  let queries = gtidFlavour.get(dataSource);
  if (!queries) {
    queries = (dataSource.query('SELECT VERSION() AS version') as Promise<Array<{ version: string }>>).then(([{ version }]) =>
      /mariadb/i.test(version)
        ? { position: 'SELECT @@GLOBAL.gtid_binlog_pos AS position', wait: 'SELECT MASTER_GTID_WAIT(?, ?) AS waited' }
        : { position: 'SELECT @@GLOBAL.gtid_executed AS position', wait: 'SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?) AS waited' },
    );
    queries.catch(() => gtidFlavour.delete(dataSource));
    gtidFlavour.set(dataSource, queries);
  }
  return queries;
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (error as { code?: string }).code;
  return typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|PROTOCOL_CONNECTION_LOST|ER_CON_COUNT_ERROR|POOL_NONEONLINE|POOL_NOEXIST)$/.test(code);
}

export function isMysql(dataSource: DataSource): boolean {
  return dataSource.options.type === 'mysql';
}

/** Find options that lock the rows read until the transaction ends (SELECT … FOR UPDATE); embedded mode serialises transactions instead. */
export function forUpdate(dataSource: DataSource): { lock?: { mode: 'pessimistic_write' } } {
  return isMysql(dataSource) ? { lock: { mode: 'pessimistic_write' } } : {};
}
