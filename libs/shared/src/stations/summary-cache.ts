/**
 * Station summaries (what a list or nearby result shows), cached in two layers: in this process (no I/O on the
 * hot path) and in the hot store (shared by every instance, one MGET), 60 s at most; what neither holds comes
 * from the loader (the database in the map service, an RPC to it at the gateway's edge). Every change of a
 * station is announced after commit (price changes on `prices`, other edits on `stations`), and each cache
 * drops that station on the announcement, so a read after a change never sees the old summary for long; the
 * process that made or relayed the change drops it at once (`invalidate`, `forget`).
 */
import { PRICES_CHANNEL } from '../contracts/map/price-channel.js';
import type { StationSummary } from '../contracts/map/station.dto.js';
import { unlessHotStoreDown, type HotStore } from '../hot/hot-store.js';
import { realTime } from '../time/clock.js';

/** Announced (as {"stationId":n}) when a station's own data changes; price changes go on `prices`. */
export const STATIONS_CHANNEL = 'stations';
const TTL_SECONDS = 60;
const key = (id: number) => `station:summary:${id}`;

export class SummaryCache {
  private readonly local = new Map<number, { summary: StationSummary; expiresAt: number }>();
  /** Bumped on every change of a station: a read that started before a change must not be cached after it. */
  private readonly generation = new Map<number, number>();
  private readonly unsubscribes: Array<() => Promise<void>> = [];

  constructor(
    private readonly hot: HotStore,
    /** Summaries of the given stations, read where they are owned (unknown ids are left out). */
    private readonly load: (ids: number[]) => Promise<StationSummary[]>,
    /** False where the loader is the owner's own cache, which has already stored what it returns. */
    private readonly storesLoaded = true,
  ) {}

  /** Follows the announcements of changes; call once before serving. */
  async start(): Promise<void> {
    for (const channel of [PRICES_CHANNEL, STATIONS_CHANNEL]) {
      this.unsubscribes.push(await this.hot.subscribe(channel, (message) => this.forget((JSON.parse(message) as { stationId: number }).stationId)));
    }
    // Announcements made while Redis was away never arrived: what this process holds may be old.
    this.hot.onReconnect(() => this.forgetAll());
  }

  async stop(): Promise<void> {
    for (const unsubscribe of this.unsubscribes.splice(0)) await unsubscribe();
  }

  async many(ids: number[]): Promise<Map<number, StationSummary>> {
    const now = realTime.now().getTime();
    const found = new Map<number, StationSummary>();
    const notLocal: number[] = [];
    for (const id of ids) {
      const entry = this.local.get(id);
      if (entry && entry.expiresAt > now) found.set(id, entry.summary);
      else notLocal.push(id);
    }
    if (notLocal.length === 0) return found;
    // Without Redis every summary comes from the loader (the database, or the map service at the edge).
    const shared = await unlessHotStoreDown(() => this.hot.getMany(notLocal.map(key)), () => notLocal.map(() => null));
    const missing: number[] = [];
    notLocal.forEach((id, i) => (shared[i] ? this.remember(found, JSON.parse(shared[i]!) as StationSummary) : missing.push(id)));
    if (missing.length) {
      const before = new Map(missing.map((id) => [id, this.generation.get(id) ?? 0]));
      for (const summary of await this.load(missing)) {
        found.set(summary.id, summary);
        if ((this.generation.get(summary.id) ?? 0) !== before.get(summary.id)) continue; // changed while we read
        this.remember(found, summary);
        if (this.storesLoaded) await unlessHotStoreDown(() => this.hot.set(key(summary.id), JSON.stringify(summary), TTL_SECONDS), () => undefined);
      }
    }
    return found;
  }

  /** Drops a station's summary here and in the hot store (call after the change has committed). */
  async invalidate(id: number): Promise<void> {
    this.forget(id);
    // Redis away: nothing there to drop now; the owner drops every summary when it is back (`dropShared`).
    await unlessHotStoreDown(() => this.hot.del(key(id)), () => undefined);
  }

  /** Drops these stations' summaries from the hot store (the owner, when Redis is back: drops it missed). */
  async dropShared(ids: number[]): Promise<void> {
    if (ids.length) await this.hot.del(...ids.map(key));
  }

  /** Drops every summary from this process. */
  forgetAll(): void {
    for (const id of this.local.keys()) this.forget(id);
  }

  /** Drops a station's summary from this process. */
  forget(id: number): void {
    this.local.delete(id);
    this.generation.set(id, (this.generation.get(id) ?? 0) + 1);
  }

  private remember(found: Map<number, StationSummary>, summary: StationSummary): void {
    found.set(summary.id, summary);
    this.local.set(summary.id, { summary, expiresAt: realTime.now().getTime() + TTL_SECONDS * 1000 });
  }
}
