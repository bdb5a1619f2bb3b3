/**
 * Where the stations are, for radius queries: Redis GEO (GEOADD / GEOSEARCH) when Redis is configured, shared
 * by every map-service instance; an in-process index otherwise. Coordinates are GCJ-02.
 */
import type { Redis } from 'ioredis';
import { haversineMetres } from './coordinates.js';

export interface GeoHit {
  id: number;
  distanceM: number;
}

export interface GeoIndex {
  upsert(id: number, lat: number, lng: number): Promise<void>;
  remove(id: number): Promise<void>;
  /** Members within the radius, nearest first. */
  within(lat: number, lng: number, radiusM: number): Promise<GeoHit[]>;
}

export class RedisGeoIndex implements GeoIndex {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
  ) {}

  async upsert(id: number, lat: number, lng: number) {
    await this.redis.geoadd(this.key, lng, lat, String(id));
  }
  async remove(id: number) {
    await this.redis.zrem(this.key, String(id));
  }
  async within(lat: number, lng: number, radiusM: number) {
    const rows = (await this.redis.geosearch(this.key, 'FROMLONLAT', lng, lat, 'BYRADIUS', radiusM, 'm', 'ASC', 'WITHDIST')) as Array<[string, string]>;
    return rows.map(([id, distance]) => ({ id: Number(id), distanceM: Number(distance) }));
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
  async within(lat: number, lng: number, radiusM: number) {
    const hits: GeoHit[] = [];
    for (const [id, point] of this.points) {
      const distanceM = haversineMetres({ lat, lng }, point);
      if (distanceM <= radiusM) hits.push({ id, distanceM });
    }
    return hits.sort((a, b) => a.distanceM - b.distanceM || a.id - b.id);
  }
}
