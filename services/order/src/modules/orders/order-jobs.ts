/**
 * Every ORDER_JOBS_INTERVAL_MS, by one instance at a time (a Redis lock held for the run, released by its owner):
 * unpaid orders past their time are cancelled, and shipped orders whose tracking went quiet are asked for.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HOT_STORE, LOGGER, SERVICE_ENV, type HotStore, type Logger } from '@fuel/shared';
import type { OrderEnv } from '../../config/order-env.js';
import { OrderService } from './order.service.js';

const LOCK_KEY = 'order:jobs';

@Injectable()
export class OrderJobs implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private readonly owner = `${process.pid}:${randomUUID()}`;

  constructor(
    private readonly orders: OrderService,
    @Inject(HOT_STORE) private readonly hot: HotStore,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_ENV) private readonly env: OrderEnv,
  ) {}

  onModuleInit(): void {
    if (this.env.ORDER_JOBS_INTERVAL_MS <= 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.run().finally(() => (this.running = undefined));
    }, this.env.ORDER_JOBS_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async run(): Promise<void> {
    if (!(await this.hot.setIfAbsent(LOCK_KEY, this.owner, 60))) return;
    try {
      const expired = await this.orders.expireUnpaid();
      if (expired) this.logger.info({ expired }, 'unpaid orders expired');
      const polled = await this.orders.pollTracking();
      if (polled) this.logger.info({ polled }, 'tracking asked for');
    } catch (error) {
      this.logger.error({ err: String(error) }, 'order jobs failed');
    } finally {
      await this.hot.delIfEquals(LOCK_KEY, this.owner);
    }
  }
}
