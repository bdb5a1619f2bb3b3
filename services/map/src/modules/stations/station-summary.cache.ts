/**
 * Station summaries (what a list or nearby result shows), cached in two layers: in this process (no I/O on the
 * hot path) and in the hot store (shared by instances, one MGET), 60 s at most. Every price change drops the
 * summary from the hot store after commit and, through the `prices` channel, from every instance's memory, so a
 * read right after a change never sees the old prices.
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { HOT_STORE, onPrimary, PRICES_CHANNEL, type HotStore, type StationPrices, type StationSummary } from '@fuel/shared';
import { StationEntity, StationPriceEntity } from './station.entity.js';
import { toSummary } from './station.service.js';

const TTL_SECONDS = 60;
const key = (id: number) => `station:summary:${id}`;

@Injectable()
export class StationSummaryCache implements OnModuleInit, OnModuleDestroy {
  private readonly local = new Map<number, { summary: StationSummary; expiresAt: number }>();
  /** Bumped on every change of a station: a read that started before a change must not be cached after it. */
  private readonly generation = new Map<number, number>();
  private unsubscribe?: () => Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(HOT_STORE) private readonly hot: HotStore,
  ) {}

  async onModuleInit(): Promise<void> {
    this.unsubscribe = await this.hot.subscribe(PRICES_CHANNEL, (message) => {
      this.forget((JSON.parse(message) as Pick<StationPrices, 'stationId'>).stationId);
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.unsubscribe?.();
  }

  async many(ids: number[]): Promise<Map<number, StationSummary>> {
    const now = Date.now();
    const found = new Map<number, StationSummary>();
    const notLocal: number[] = [];
    for (const id of ids) {
      const entry = this.local.get(id);
      if (entry && entry.expiresAt > now) found.set(id, entry.summary);
      else notLocal.push(id);
    }
    if (notLocal.length === 0) return found;
    const shared = await this.hot.getMany(notLocal.map(key));
    const missing: number[] = [];
    notLocal.forEach((id, i) => (shared[i] ? this.remember(found, JSON.parse(shared[i]!) as StationSummary) : missing.push(id)));
    if (missing.length) {
      const before = new Map(missing.map((id) => [id, this.generation.get(id) ?? 0]));
      // From the primary: a replica that has not caught up must not be what gets cached.
      const { rows, prices } = await onPrimary(this.dataSource, async (m) => ({
        rows: await m.findBy(StationEntity, { id: In(missing) }),
        prices: await m.findBy(StationPriceEntity, { stationId: In(missing) }),
      }));
      for (const row of rows) {
        const summary = toSummary(row, prices);
        found.set(row.id, summary);
        if ((this.generation.get(row.id) ?? 0) !== before.get(row.id)) continue; // changed while we read
        this.remember(found, summary);
        await this.hot.set(key(row.id), JSON.stringify(summary), TTL_SECONDS);
      }
    }
    return found;
  }

  /** Drops a station's summary everywhere (call after the change has committed). */
  async invalidate(id: number): Promise<void> {
    this.forget(id);
    await this.hot.del(key(id));
  }

  private forget(id: number): void {
    this.local.delete(id);
    this.generation.set(id, (this.generation.get(id) ?? 0) + 1);
  }

  private remember(found: Map<number, StationSummary>, summary: StationSummary): StationSummary {
    found.set(summary.id, summary);
    this.local.set(summary.id, { summary, expiresAt: Date.now() + TTL_SECONDS * 1000 });
    return summary;
  }
}
