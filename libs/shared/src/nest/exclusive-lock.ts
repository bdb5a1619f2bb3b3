/**
 * The lock that lets one instance of a service at a time run a pass of a periodic job or the outbox relay.
 *
 * On MariaDB it is the database's named lock (GET_LOCK), held on a connection for the length of a pass:
 * those passes keep running while Redis is away (payments must still reach their orders, unpaid orders still
 * expire, reconciliation still repairs), and a crashed holder's lock goes with its connection. The lock's name
 * includes the database's, so services and test platforms sharing a server never contend. The embedded database
 * (one process per service) has no named locks: there the hot store, in process, is the lock — released by its
 * owner only, and lapsing after its TTL if the owner crashed.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import type { HotStore } from '../hot/hot-store.js';

export interface ExclusiveLock {
  acquire(): Promise<boolean>;
  release(): Promise<void>;
  /** Gives back whatever the lock still holds (at shutdown). */
  close(): Promise<void>;
}

export interface ExclusiveLockOptions {
  name: string;
  dataSource: DataSource;
  hotStore: HotStore;
  /** The hot-store lock lapses after this; a pass should end well before it (ExclusiveJob's `inTime`). */
  ttlSeconds: number;
}

export function exclusiveLock(options: ExclusiveLockOptions): ExclusiveLock {
  return options.dataSource.options.type === 'mysql' ? new DatabaseLock(options.dataSource, options.name) : new HotStoreLock(options.hotStore, options.name, options.ttlSeconds);
}

/** Held on a pooled connection taken for the pass and given back with the lock, so no connection idles between passes. */
class DatabaseLock implements ExclusiveLock {
  private runner?: QueryRunner;

  constructor(
    private readonly dataSource: DataSource,
    private readonly name: string,
  ) {}

  async acquire(): Promise<boolean> {
    const runner = this.dataSource.createQueryRunner('master');
    try {
      const [row] = (await runner.query('SELECT GET_LOCK(SHA1(CONCAT(DATABASE(), ?)), 0) AS got', [this.name])) as Array<{ got: number | string | null }>;
      if (Number(row?.got) !== 1) {
        await runner.release();
        return false;
      }
      this.runner = runner;
      return true;
    } catch (error) {
      await runner.release().catch(() => undefined);
      throw error;
    }
  }

  async release(): Promise<void> {
    const runner = this.runner;
    this.runner = undefined;
    if (!runner) return;
    // A lost connection has lost the lock with it; either way the connection goes back.
    await runner.query('SELECT RELEASE_LOCK(SHA1(CONCAT(DATABASE(), ?)))', [this.name]).catch(() => undefined);
    await runner.release().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.release();
  }
}

class HotStoreLock implements ExclusiveLock {
  private readonly owner = `${process.pid}:${randomUUID()}`;

  constructor(
    private readonly hotStore: HotStore,
    private readonly key: string,
    private readonly ttlSeconds: number,
  ) {}

  acquire(): Promise<boolean> {
    return this.hotStore.setIfAbsent(this.key, this.owner, this.ttlSeconds);
  }
  /** Only our own lock: a run longer than the TTL must not release a successor's. */
  async release(): Promise<void> {
    await this.hotStore.delIfEquals(this.key, this.owner);
  }
  async close(): Promise<void> {}
}
