/**
 * The map service's nearby search: the shared NearbySearch over this service's geo index (loaded from the
 * database at start) and station-summary cache.
 */
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CLOCK, geoIndexFor, HOT_STORE, LOGGER, NearbySearch, type Clock, type GeoIndex, type HotStore, type Logger, type NearbyQuery, type NearbyResult } from '@fuel/shared';
import { StationRepository } from '../stations/station.repository.js';
import { StationSummaryCache } from '../stations/station-summary.cache.js';

@Injectable()
export class NearbyService implements OnModuleInit {
  private readonly search: NearbySearch;

  constructor(
    private readonly stations: StationRepository,
    summaries: StationSummaryCache,
    @Inject(HOT_STORE) hot: HotStore,
    @Inject(CLOCK) clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.search = new NearbySearch(geoIndexFor(hot), summaries, () => clock.now());
  }

  get geo(): GeoIndex {
    return this.search.geo;
  }

  /** (Re)loads every station position; idempotent, so each instance may do it at start. */
  async onModuleInit(): Promise<void> {
    const all = await this.stations.positions();
    for (const s of all) await this.geo.upsert(s.id, s.lat, s.lng);
    this.logger.info({ stations: all.length }, 'geo index loaded');
  }

  nearby(query: NearbyQuery): Promise<NearbyResult> {
    return this.search.nearby(query);
  }
}
