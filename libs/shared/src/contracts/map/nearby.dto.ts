import { z } from 'zod';
import { FUEL_GRADES, type StationSummary } from './station.dto.js';

export const COORD_TYPES = ['gcj02', 'wgs84', 'bd09'] as const;
export type CoordType = (typeof COORD_TYPES)[number];

/** Nearby search radius: 3 km by default, 10 km at most. */
export const NEARBY_DEFAULT_RADIUS_M = 3000;
export const NEARBY_MAX_RADIUS_M = 10_000;

export const nearbyQuery = z
  .object({
    lat: z.coerce.number().min(-90).max(90),
    lng: z.coerce.number().min(-180).max(180),
    radius: z.coerce.number().int().min(1).max(NEARBY_MAX_RADIUS_M, `半径不能超过 ${NEARBY_MAX_RADIUS_M} 米`).default(NEARBY_DEFAULT_RADIUS_M),
    coordType: z.enum(COORD_TYPES).default('gcj02'),
    grade: z.enum(FUEL_GRADES).optional(),
    sort: z.enum(['distance', 'price']).default('distance'),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict()
  .refine((q) => q.sort !== 'price' || q.grade !== undefined, { path: ['grade'], message: '按价格排序时必须指定油品' });

export interface NearbyStation extends StationSummary {
  distanceM: number;
  openNow: boolean;
}

export interface NearbyResult {
  coordType: CoordType;
  radius: number;
  items: NearbyStation[];
}
