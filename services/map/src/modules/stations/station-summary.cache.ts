/**
 * Station summaries (what a list or nearby result shows) cached in the hot store, 60 s at most, and dropped
 * whenever the station or its prices change, so a read right after a change never sees the old prices.
 */
import { Inject, Injectable } from '@nestjs/common';
import { HOT_STORE, type HotStore, type StationSummary } from '@fuel/shared';
import { StationRepository } from './station.repository.js';
import { toSummary } from './station.service.js';

const TTL_SECONDS = 60;
const key = (id: number) => `station:summary:${id}`;

@Injectable()
export class StationSummaryCache {
  constructor(
    private readonly stations: StationRepository,
    @Inject(HOT_STORE) private readonly hot: HotStore,
  ) {}

  async many(ids: number[]): Promise<Map<number, StationSummary>> {
    const found = new Map<number, StationSummary>();
    const cached = await Promise.all(ids.map((id) => this.hot.get(key(id))));
    const missing: number[] = [];
    ids.forEach((id, i) => (cached[i] ? found.set(id, JSON.parse(cached[i]!) as StationSummary) : missing.push(id)));
    if (missing.length) {
      const [rows, prices] = await Promise.all([this.stations.byIds(missing), this.stations.pricesFor(missing)]);
      for (const row of rows) {
        const summary = toSummary(row, prices);
        found.set(row.id, summary);
        await this.hot.set(key(row.id), JSON.stringify(summary), TTL_SECONDS);
      }
    }
    return found;
  }

  async invalidate(id: number): Promise<void> {
    await this.hot.del(key(id));
  }
}
