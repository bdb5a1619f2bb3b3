/**
 * Station reads at the gateway's edge. When Redis is shared, nearby search runs here: the same NearbySearch as
 * the map service, over the same Redis GEO index, with a summary cache that follows the map service's change
 * announcements and asks it (over RPC) only for what it lacks. A warm nearby request then costs one Redis
 * round trip instead of a hop to the map service, which was the gateway's ceiling. Without Redis (embedded
 * mode) every read goes to the map service.
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { clock, geoIndexFor, HOT_STORE, type HotStore, mapContracts, type NearbyQuery, type NearbyResult, NearbySearch, type RpcInputOf, SummaryCache, unlessHotStoreDown } from '@fuel/shared';
import { ServiceClient } from '@fuel/shared';

@Injectable()
export class StationsEdge implements OnModuleInit, OnModuleDestroy {
  private readonly summaries?: SummaryCache;
  private readonly search?: NearbySearch;

  constructor(
    private readonly services: ServiceClient,
    @Inject(HOT_STORE) hot: HotStore,
  ) {
    if (hot.kind !== 'redis') return;
    // The map service's summary cache stores what it answers in the hot store: not stored again here.
    this.summaries = new SummaryCache(hot, (ids) => services.call(mapContracts.stationSummaries, { ids }), false);
    this.search = new NearbySearch(geoIndexFor(hot), this.summaries, () => clock.now());
  }

  async onModuleInit(): Promise<void> {
    await this.summaries?.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.summaries?.stop();
  }

  /**
   * A NearbyResult: as JSON text when served here, as the map service's reply otherwise — also while Redis is
   * away or its index is lost, when the map service answers from its database.
   */
  nearby(query: NearbyQuery): Promise<string | NearbyResult> {
    const fromMapService = () => this.services.call(mapContracts.nearbyStations, query);
    return this.search ? unlessHotStoreDown<string | NearbyResult>(() => this.search!.nearbyJson(query), fromMapService) : fromMapService();
  }

  /**
   * A back-office price push, relayed: this gateway drops the station at once, so its own next read is fresh
   * (other gateways drop it on the `prices` announcement).
   */
  async pushPrices(change: RpcInputOf<typeof mapContracts.changePricesByBackoffice>) {
    const result = await this.services.call(mapContracts.changePricesByBackoffice, change);
    this.summaries?.forget(result.stationId);
    return result;
  }

  /** A regional admin's edit, relayed (other gateways drop the station on the `stations` announcement). */
  async updateStation(input: RpcInputOf<typeof mapContracts.updateStation>) {
    const result = await this.services.call(mapContracts.updateStation, input);
    this.summaries?.forget(input.id);
    return result;
  }
}
