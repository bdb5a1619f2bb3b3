/**
 * A periodic job that one instance of a service runs at a time: each run takes a lock in the hot store (released
 * by its owner only, atomically; a crashed owner's lapses after its TTL), and gets `inTime()` so that it stops
 * well before the lock could lapse under it. Runs started while one is going share it.
 */
import { randomUUID } from 'node:crypto';
import type { HotStore } from '../hot/hot-store.js';
import type { Logger } from '../logging/logger.js';

export interface ExclusiveJobOptions<T> {
  name: string;
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
  private readonly owner = `${process.pid}:${randomUUID()}`;

  constructor(private readonly options: ExclusiveJobOptions<T>) {}

  start(): void {
    if (this.options.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.run(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
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
    const { hotStore, lockKey, lockTtlSeconds } = this.options;
    if (!(await hotStore.setIfAbsent(lockKey, this.owner, lockTtlSeconds))) return this.options.idle;
    try {
      const started = performance.now();
      return await this.options.work(() => performance.now() - started < (lockTtlSeconds * 1000) / 2);
    } finally {
      await hotStore.delIfEquals(lockKey, this.owner);
    }
  }
}
