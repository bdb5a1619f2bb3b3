/**
 * Nearby search: stations within a radius of the driver, each with its distance, whether it is open now
 * (Asia/Shanghai), services and current prices. Positions come from the geo index; station summaries from the
 * hot cache (filled from the database, dropped on every change).
 */
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  CLOCK,
  HOT_STORE,
  LOGGER,
  RedisHotStore,
  type Clock,
  type HotStore,
  type Logger,
  type NearbyResult,
  type NearbyStation,
  type StationSummary,
} from '@fuel/shared';
import type { z } from 'zod';
import type { nearbyQuery } from '@fuel/shared';
import { StationRepository } from '../stations/station.repository.js';
import { StationSummaryCache } from '../stations/station-summary.cache.js';
import { fromCanonical, toCanonical } from './coordinates.js';
import { MemoryGeoIndex, RedisGeoIndex, type GeoIndex } from './geo-index.js';
import { isOpenAt } from './opening-hours.js';

type NearbyQuery = z.output<typeof nearbyQuery>;

@Injectable()
export class NearbyService implements OnModuleInit {
  readonly geo: GeoIndex;

  constructor(
    private readonly stations: StationRepository,
    private readonly summaries: StationSummaryCache,
    @Inject(HOT_STORE) hot: HotStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.geo = hot instanceof RedisHotStore ? new RedisGeoIndex(hot.redis, `${hot.prefix}geo:stations`) : new MemoryGeoIndex();
  }

  /** (Re)loads every station position; idempotent, so each instance may do it at start. */
  async onModuleInit(): Promise<void> {
    const all = await this.stations.positions();
    for (const s of all) await this.geo.upsert(s.id, s.lat, s.lng);
    this.logger.info({ stations: all.length }, 'geo index loaded');
  }

  async nearby(query: NearbyQuery): Promise<NearbyResult> {
    const origin = toCanonical({ lat: query.lat, lng: query.lng }, query.coordType);
    const hits = await this.geo.within(origin.lat, origin.lng, query.radius);
    const summaries = await this.summaries.many(hits.map((h) => h.id));
    const now = this.clock.now();
    let items: NearbyStation[] = hits.flatMap((hit) => {
      const summary = summaries.get(hit.id);
      if (!summary || summary.status === 'closed') return [];
      if (query.grade && !summary.prices.some((p) => p.grade === query.grade)) return [];
      return [{ ...this.inCoordType(summary, query.coordType), distanceM: Math.round(hit.distanceM), openNow: summary.status === 'open' && isOpenAt(summary.openingHours, now) }];
    });
    if (query.sort === 'price') {
      const priceOf = (s: NearbyStation) => s.prices.find((p) => p.grade === query.grade)!.regularFen;
      items = items.sort((a, b) => priceOf(a) - priceOf(b) || a.distanceM - b.distanceM);
    }
    return { coordType: query.coordType, radius: query.radius, items: items.slice(0, query.limit) };
  }

  private inCoordType<T extends StationSummary>(summary: T, coordType: NearbyQuery['coordType']): T {
    return { ...summary, location: fromCanonical(summary.location, coordType) };
  }
}
