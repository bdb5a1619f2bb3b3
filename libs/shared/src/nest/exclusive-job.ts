/**
 * A periodic job that one instance of a service runs at a time: each run takes the service's exclusive lock
 * (exclusive-lock.ts: MariaDB's named lock, so jobs run while Redis is away; the hot store's on the embedded
 * database), and gets `inTime()` so that it stops well before a hot-store lock could lapse under it. Runs started
 * while one is going share it.
 */
import type { DataSource } from 'typeorm';
import type { HotStore } from '../hot/hot-store.js';
import type { Logger } from '../logging/logger.js';
import { exclusiveLock, type ExclusiveLock } from './exclusive-lock.js';

export interface ExclusiveJobOptions<T> {
  name: string;
  dataSource: DataSource;
  hotStore: HotStore;
  logger: Logger;
  lockKey: string;
  lockTtlSeconds: number;
  /** 0 or less: never on a timer (`run()` still works). */
  intervalMs: number;
  /** What a run returns when another instance holds the lock, or the run failed. */
  idle: T;
  work: (inTime: () => boolean) => Promise<T>;
}

export class ExclusiveJob<T> {
  private timer?: NodeJS.Timeout;
  private running?: Promise<T>;
  private readonly lock: ExclusiveLock;

  constructor(private readonly options: ExclusiveJobOptions<T>) {
    this.lock = exclusiveLock({ name: options.lockKey, dataSource: options.dataSource, hotStore: options.hotStore, ttlSeconds: options.lockTtlSeconds });
  }

  start(): void {
    if (this.options.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.run(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.lock.close();
  }

  run(): Promise<T> {
    this.running ??= this.once()
      .catch((error: unknown) => {
        this.options.logger.error({ err: String(error), job: this.options.name }, `${this.options.name} failed`);
        return this.options.idle;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async once(): Promise<T> {
    if (!(await this.lock.acquire())) return this.options.idle;
    try {
      const started = performance.now();
      return await this.options.work(() => performance.now() - started < (this.options.lockTtlSeconds * 1000) / 2);
    } finally {
      await this.lock.release();
    }
  }
}
