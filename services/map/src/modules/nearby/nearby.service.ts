/**
 * The map service's nearby search: the shared NearbySearch over this service's geo index and station-summary
 * cache. The index lives in Redis, loaded from the database at start; while Redis is away (or after it restarted
 * empty) the search reads positions from the database instead, and when Redis is back the index is loaded again
 * and the summaries it may hold from before are dropped.
 */
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CLOCK, FallbackGeoIndex, geoIndexFor, HOT_STORE, LOGGER, NearbySearch, type Clock, type HotStore, type Logger, type NearbyQuery, type NearbyResult } from '@fuel/shared';
import { StationRepository } from '../stations/station.repository.js';
import { StationSummaryCache } from '../stations/station-summary.cache.js';

@Injectable()
export class NearbyService implements OnModuleInit {
  private readonly search: NearbySearch;
  readonly geo: FallbackGeoIndex;

  constructor(
    stations: StationRepository,
    private readonly summaries: StationSummaryCache,
    @Inject(HOT_STORE) private readonly hot: HotStore,
    @Inject(CLOCK) clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.geo = new FallbackGeoIndex(geoIndexFor(hot), () => stations.positions());
    this.search = new NearbySearch(this.geo, summaries, () => clock.now());
  }

  async onModuleInit(): Promise<void> {
    await this.rebuild();
    this.hot.onReconnect(() => {
      this.rebuild().catch((error: unknown) => this.logger.warn({ err: error }, 'geo index not rebuilt; the database serves nearby search meanwhile'));
    });
  }

  /** (Re)loads every station position and drops the shared summaries; idempotent, so every instance may do it. */
  private async rebuild(): Promise<void> {
    const ids = await this.geo.rebuild();
    await this.summaries.dropShared(ids);
    this.logger.info({ stations: ids.length }, 'geo index loaded');
  }

  nearby(query: NearbyQuery): Promise<NearbyResult> {
    return this.search.nearby(query);
  }
}
