/**
 * Nearby search: stations within a radius of the driver, each with its distance, whether it is open now
 * (Asia/Shanghai), services and current prices. Positions come from the geo index, summaries from the summary
 * cache. Run by the map service and, when Redis is shared, by the gateway at its edge (same index, same rules).
 */
import type { z } from 'zod';
import type { nearbyQuery, NearbyResult, NearbyStation } from '../contracts/map/nearby.dto.js';
import type { StationSummary } from '../contracts/map/station.dto.js';
import { RedisHotStore, type HotStore } from '../hot/hot-store.js';
import { fromCanonical, toCanonical } from './coordinates.js';
import { MemoryGeoIndex, RedisGeoIndex, type GeoIndex } from './geo-index.js';
import { stationOpenAt } from './opening-hours.js';
import type { SummaryCache } from './summary-cache.js';

export type NearbyQuery = z.output<typeof nearbyQuery>;

/** Redis GEO when the hot store is Redis (shared by every instance and the gateway), in process otherwise. */
export const geoIndexFor = (hot: HotStore): GeoIndex =>
  hot instanceof RedisHotStore ? new RedisGeoIndex(hot) : new MemoryGeoIndex();

export class NearbySearch {
  /** Each cached summary's JSON without its location, made once per summary object (a change replaces it). */
  private readonly fragments = new WeakMap<StationSummary, string>();

  constructor(
    readonly geo: GeoIndex,
    private readonly summaries: Pick<SummaryCache, 'many'>,
    private readonly now: () => Date,
  ) {}

  async nearby(query: NearbyQuery): Promise<NearbyResult> {
    const items = (await this.select(query)).map(({ summary, ...extra }) => ({ ...summary, ...extra }));
    return { coordType: query.coordType, radius: query.radius, items };
  }

  /**
   * The same result as `nearby`, as the JSON text of a NearbyResult, built from per-station fragments: at the
   * gateway's edge, serialising every station of every reply again was the largest cost after the hop.
   */
  async nearbyJson(query: NearbyQuery): Promise<string> {
    const items = (await this.select(query)).map(({ summary, location, distanceM, openNow }) => {
      let fragment = this.fragments.get(summary);
      if (fragment === undefined) {
        const { location: _canonical, ...rest } = summary;
        this.fragments.set(summary, (fragment = JSON.stringify(rest).slice(0, -1)));
      }
      return `${fragment},"location":${JSON.stringify(location)},"distanceM":${distanceM},"openNow":${openNow}}`;
    });
    return `{"coordType":${JSON.stringify(query.coordType)},"radius":${query.radius},"items":[${items.join(',')}]}`;
  }

  /** The stations to show, in order, with what each item adds to its summary. */
  private async select(query: NearbyQuery): Promise<Array<{ summary: StationSummary } & Pick<NearbyStation, 'location' | 'distanceM' | 'openNow'>>> {
    const origin = toCanonical({ lat: query.lat, lng: query.lng }, query.coordType);
    const hits = await this.geo.within(origin.lat, origin.lng, query.radius);
    const summaries = await this.summaries.many(hits.map((h) => h.id));
    const now = this.now();
    const items = hits.flatMap((hit) => {
      const summary = summaries.get(hit.id);
      if (!summary || summary.status === 'closed') return [];
      if (query.grade && !summary.prices.some((p) => p.grade === query.grade)) return [];
      return [{ summary, location: fromCanonical(summary.location, query.coordType), distanceM: Math.round(hit.distanceM), openNow: stationOpenAt(summary, now) }];
    });
    if (query.sort === 'price') {
      const priceOf = (item: (typeof items)[number]) => item.summary.prices.find((p) => p.grade === query.grade)!.regularFen;
      items.sort((a, b) => priceOf(a) - priceOf(b) || a.distanceM - b.distanceM);
    }
    return items.slice(0, query.limit);
  }
}
