/**
 * Coordinate systems: WeChat returns GCJ-02, Baidu uses BD-09, GPS gives WGS-84. Stations are stored in
 * GCJ-02 (canonical); input is converted to it and output back to what the caller asked for.
 */
import gcoordExports from 'gcoord';
import type { CoordType } from '../contracts/map/nearby.dto.js';

// gcoord ships CommonJS typed as an ES module with a default export: imported from an ES module, the default is
// module.exports itself (in Node.js and in a bundle alike).
const gcoord = gcoordExports as unknown as (typeof import('gcoord'))['default'];

const CRS = { gcj02: gcoord.GCJ02, wgs84: gcoord.WGS84, bd09: gcoord.BD09 } as const;

export interface LatLng {
  lat: number;
  lng: number;
}

export function convert(point: LatLng, from: CoordType, to: CoordType): LatLng {
  if (from === to) return point;
  const [lng, lat] = gcoord.transform([point.lng, point.lat], CRS[from], CRS[to]) as [number, number];
  return { lat: Number(lat.toFixed(7)), lng: Number(lng.toFixed(7)) };
}

export const toCanonical = (point: LatLng, from: CoordType) => convert(point, from, 'gcj02');
export const fromCanonical = (point: LatLng, to: CoordType) => convert(point, 'gcj02', to);

/** Great-circle distance in metres (mean Earth radius). */
export function haversineMetres(a: LatLng, b: LatLng): number {
  const R = 6_371_008.8;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}
