/**
 * Where the stations are, for radius queries: Redis GEO (GEOADD / GEOSEARCH) when Redis is configured, shared
 * by every map-service instance; an in-process index otherwise. Coordinates are GCJ-02.
 */
import { HotStoreUnavailable, unlessHotStoreDown, type RedisHotStore } from '../hot/hot-store.js';
import { haversineMetres } from './coordinates.js';

export interface GeoHit {
  id: number;
  distanceM: number;
}

export interface GeoPoint {
  id: number;
  lat: number;
  lng: number;
}

export interface GeoIndex {
  upsert(id: number, lat: number, lng: number): Promise<void>;
  /** Replaces the whole index at once: a search never sees it half loaded. */
  replaceAll(points: GeoPoint[]): Promise<void>;
  remove(id: number): Promise<void>;
  /** Members within the radius, nearest first. */
  within(lat: number, lng: number, radiusM: number): Promise<GeoHit[]>;
}

/** Fails with HotStoreUnavailable while Redis is away, and when the index itself is gone (a restarted Redis). */
export class RedisGeoIndex implements GeoIndex {
  private readonly key: string;

  constructor(private readonly hot: RedisHotStore) {
    this.key = `${hot.prefix}geo:stations`;
  }

  async upsert(id: number, lat: number, lng: number) {
    await this.hot.call(() => this.hot.redis.geoadd(this.key, lng, lat, String(id)));
  }
  async remove(id: number) {
    await this.hot.call(() => this.hot.redis.zrem(this.key, String(id)));
  }
  /** Loads the points under a key of its own, then renames it over the index (RENAME is atomic). */
  async replaceAll(points: GeoPoint[]) {
    if (points.length === 0) {
      await this.hot.call(() => this.hot.redis.del(this.key));
      return;
    }
    const loading = `${this.key}:loading:${process.pid}`;
    const batch = this.hot.redis.multi().del(loading);
    for (const p of points) batch.geoadd(loading, p.lng, p.lat, String(p.id));
    await this.hot.call(() => batch.rename(loading, this.key).exec());
  }
  async within(lat: number, lng: number, radiusM: number) {
    const rows = (await this.hot.call(() => this.hot.redis.geosearch(this.key, 'FROMLONLAT', lng, lat, 'BYRADIUS', radiusM, 'm', 'ASC', 'WITHDIST'))) as Array<[string, string]>;
    // No station near is an answer only if the index is there: an emptied Redis has none until it is rebuilt.
    if (rows.length === 0 && (await this.hot.call(() => this.hot.redis.exists(this.key))) === 0) throw new HotStoreUnavailable();
    return rows.map(([id, distance]) => ({ id: Number(id), distanceM: Number(distance) }));
  }
}

/**
 * The owner's index: the shared one, and while that is away (or lost) the positions read from the database,
 * searched here — slower, the same answer. Writes go to the shared index only; `rebuild` refills it.
 */
export class FallbackGeoIndex implements GeoIndex {
  constructor(
    private readonly shared: GeoIndex,
    private readonly positions: () => Promise<GeoPoint[]>,
  ) {}

  upsert(id: number, lat: number, lng: number) {
    return this.shared.upsert(id, lat, lng);
  }
  remove(id: number) {
    return this.shared.remove(id);
  }
  replaceAll(points: GeoPoint[]) {
    return this.shared.replaceAll(points);
  }
  within(lat: number, lng: number, radiusM: number) {
    return unlessHotStoreDown(
      () => this.shared.within(lat, lng, radiusM),
      async () => {
        const memory = new MemoryGeoIndex();
        await memory.replaceAll(await this.positions());
        return memory.within(lat, lng, radiusM);
      },
    );
  }
  /** Loads every position into the shared index (at start, and when Redis is back); returns the stations' ids. */
  async rebuild(): Promise<number[]> {
    const all = await this.positions();
    await this.shared.replaceAll(all);
    return all.map((p) => p.id);
  }
}

export class MemoryGeoIndex implements GeoIndex {
  private readonly points = new Map<number, { lat: number; lng: number }>();

  async upsert(id: number, lat: number, lng: number) {
    this.points.set(id, { lat, lng });
  }
  async remove(id: number) {
    this.points.delete(id);
  }
  async replaceAll(points: GeoPoint[]) {
    this.points.clear();
    for (const p of points) this.points.set(p.id, { lat: p.lat, lng: p.lng });
  }
  async within(lat: number, lng: number, radiusM: number) {
    const hits: GeoHit[] = [];
    for (const [id, point] of this.points) {
      const distanceM = haversineMetres({ lat, lng }, point);
      if (distanceM <= radiusM) hits.push({ id, distanceM });
    }
    return hits.sort((a, b) => a.distanceM - b.distanceM || a.id - b.id);
  }
}
