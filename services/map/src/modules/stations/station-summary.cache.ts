/**
 * The map service's station-summary cache: the shared SummaryCache, loading what it lacks from the primary
 * (a replica that has not caught up must not be what gets cached). As the owner of stations it also announces
 * edits of a station's own data.
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { HOT_STORE, onPrimary, STATIONS_CHANNEL, SummaryCache, unlessHotStoreDown, type HotStore } from '@fuel/shared';
import { StationEntity, StationPriceEntity } from './station.entity.js';
import { toSummary } from './station.service.js';

@Injectable()
export class StationSummaryCache extends SummaryCache implements OnModuleInit, OnModuleDestroy {
  constructor(
    dataSource: DataSource,
    @Inject(HOT_STORE) private readonly hotStore: HotStore,
  ) {
    super(hotStore, async (ids) => {
      const { rows, prices } = await onPrimary(dataSource, async (m) => ({
        rows: await m.findBy(StationEntity, { id: In(ids) }),
        prices: await m.findBy(StationPriceEntity, { stationId: In(ids) }),
      }));
      return rows.map((row) => toSummary(row, prices));
    });
  }

  onModuleInit(): Promise<void> {
    return this.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  /** After a station's own data changed (committed): here, in the hot store, and in every other process. */
  async stationChanged(id: number): Promise<void> {
    await this.invalidate(id);
    // Redis away: the other processes drop everything they hold when it is back.
    await unlessHotStoreDown(() => this.hotStore.publish(STATIONS_CHANNEL, JSON.stringify({ stationId: id })), () => undefined);
  }
}
