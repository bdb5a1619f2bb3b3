/**
 * The map service's station-summary cache: the shared SummaryCache, loading what it lacks from the primary
 * (a replica that has not caught up must not be what gets cached).
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { HOT_STORE, onPrimary, STATIONS_CHANNEL, SummaryCache, type HotStore, type StationSummary } from '@fuel/shared';
import { StationEntity, StationPriceEntity } from './station.entity.js';
import { toSummary } from './station.service.js';

@Injectable()
export class StationSummaryCache implements OnModuleInit, OnModuleDestroy {
  private readonly cache: SummaryCache;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(HOT_STORE) private readonly hot: HotStore,
  ) {
    this.cache = new SummaryCache(hot, (ids) => this.load(ids));
  }

  onModuleInit(): Promise<void> {
    return this.cache.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.cache.stop();
  }

  many(ids: number[]): Promise<Map<number, StationSummary>> {
    return this.cache.many(ids);
  }

  /** After a price change has committed (the `prices` announcement tells the other processes). */
  invalidate(id: number): Promise<void> {
    return this.cache.invalidate(id);
  }

  /** After a station's own data changed (committed): here, in the hot store, and in every other process. */
  async stationChanged(id: number): Promise<void> {
    await this.cache.invalidate(id);
    await this.hot.publish(STATIONS_CHANNEL, JSON.stringify({ stationId: id }));
  }

  private async load(ids: number[]): Promise<StationSummary[]> {
    const { rows, prices } = await onPrimary(this.dataSource, async (m) => ({
      rows: await m.findBy(StationEntity, { id: In(ids) }),
      prices: await m.findBy(StationPriceEntity, { stationId: In(ids) }),
    }));
    return rows.map((row) => toSummary(row, prices));
  }
}
