/**
 * Places stations on a small offline map by their offsets from the driver (an equirectangular projection:
 * exact enough within a few kilometres). Pure, so the H5 map needs no remote map SDK.
 */
const METRES_PER_DEGREE_LAT = 110_540
const METRES_PER_DEGREE_LNG_AT_EQUATOR = 111_320

export interface MapPoint {
  /** 0–1 across the map (west → east). */
  x: number
  /** 0–1 down the map (north → south). */
  y: number
}

/** Offset of `point` from `centre` in metres (east, north). */
export function offsetMetres(centre: { lat: number; lng: number }, point: { lat: number; lng: number }): { east: number; north: number } {
  const east = (point.lng - centre.lng) * METRES_PER_DEGREE_LNG_AT_EQUATOR * Math.cos((centre.lat * Math.PI) / 180)
  const north = (point.lat - centre.lat) * METRES_PER_DEGREE_LAT
  return { east, north }
}

/** Where `point` sits on a square map showing `radiusM` around `centre` (clamped to the edge, with a margin). */
export function project(centre: { lat: number; lng: number }, point: { lat: number; lng: number }, radiusM: number, margin = 0.06): MapPoint {
  const { east, north } = offsetMetres(centre, point)
  const clamp = (v: number) => Math.min(1 - margin, Math.max(margin, v))
  return { x: clamp(0.5 + east / (2 * radiusM)), y: clamp(0.5 - north / (2 * radiusM)) }
}
