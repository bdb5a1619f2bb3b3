/**
 * The stations orders are placed at (name, status): kept in this process and dropped when the map service
 * announces a change of the station (SummaryCache), so placing an order asks the map service only for a station
 * it has not seen lately, not every time.
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DomainError, HOT_STORE, mapContracts, ServiceClient, SummaryCache, type HotStore, type StationSummary } from '@fuel/shared';

@Injectable()
export class StationDirectory implements OnModuleInit, OnModuleDestroy {
  private readonly summaries: SummaryCache;

  constructor(@Inject(HOT_STORE) hot: HotStore, services: ServiceClient) {
    // The map service's own cache stores what it returns: nothing to store again here.
    this.summaries = new SummaryCache(hot, (ids) => services.callAsSystem(mapContracts.stationSummaries, { ids }), false);
  }

  onModuleInit(): Promise<void> {
    return this.summaries.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.summaries.stop();
  }

  async get(id: number): Promise<StationSummary> {
    const station = (await this.summaries.many([id])).get(id);
    if (!station) throw DomainError.notFound('加油站', id);
    return station;
  }
}
