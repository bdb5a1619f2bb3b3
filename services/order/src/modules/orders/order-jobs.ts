/**
 * Every ORDER_JOBS_INTERVAL_MS, by one instance at a time (ExclusiveJob): unpaid orders past their time are
 * cancelled, and shipped orders whose tracking went quiet are asked for; hourly, request keys older than a day go.
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { clock, ExclusiveJob, forgetRequestKeys, HOT_STORE, hourly, LOGGER, SERVICE_ENV, type HotStore, type Logger } from '@fuel/shared';
import { DataSource } from 'typeorm';
import type { OrderEnv } from '../../config/order-env.js';
import { OrderService } from './order.service.js';

@Injectable()
export class OrderJobs implements OnModuleInit, OnModuleDestroy {
  private readonly job: ExclusiveJob<void>;

  constructor(orders: OrderService, dataSource: DataSource, @Inject(HOT_STORE) hot: HotStore, @Inject(LOGGER) logger: Logger, @Inject(SERVICE_ENV) env: OrderEnv) {
    // Idempotency-Keys older than a day: the one that placed an order, and the one that confirmed it at the counter.
    const forgetKeys = hourly(async () => {
      await forgetRequestKeys(dataSource, { table: 'orders', columns: ['request_key', 'request_digest'], usedAt: 'created_at' }, clock.now());
      await forgetRequestKeys(dataSource, { table: 'orders', columns: ['redeemed_with'], usedAt: 'updated_at' }, clock.now());
    }, () => clock.now());
    this.job = new ExclusiveJob({
      name: 'order jobs',
      dataSource,
      hotStore: hot,
      logger,
      lockKey: 'order:jobs',
      lockTtlSeconds: 60,
      intervalMs: env.ORDER_JOBS_INTERVAL_MS,
      idle: undefined,
      work: async () => {
        await forgetKeys();
        const expired = await orders.expireUnpaid();
        if (expired) logger.info({ expired }, 'unpaid orders expired');
        const polled = await orders.pollTracking();
        if (polled) logger.info({ polled }, 'tracking asked for');
      },
    });
  }

  onModuleInit(): void {
    this.job.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }
}
