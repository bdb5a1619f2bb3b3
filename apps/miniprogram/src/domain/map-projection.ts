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

/** A pin's label to place: its pin's tip (map units) and the label's size. */
export interface LabelRequest {
  x: number
  y: number
  width: number
  height: number
}

/** Where a label goes: its box (left, top, width, height), in map units. */
export interface PlacedLabel {
  left: number
  top: number
  width: number
  height: number
}

/** The drawn pin above its tip (the H5 map's marker path): labels keep off it too. */
const PIN = { halfWidth: 3.2, height: 9 }

const overlaps = (a: PlacedLabel, b: PlacedLabel) => a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height

/**
 * Places price labels so that none runs into another or into a pin (issue 23: "¥7.29¥7.25"): each label, in the
 * order given (the list's, nearest first), takes the first of above, below, right and left of its pin that
 * stays on the map and clear of every pin and every label placed before it; when none is clear, the one that
 * overlaps least. Pure, for the offline map and its tests.
 */
export function placeLabels(labels: LabelRequest[], size: number): PlacedLabel[] {
  const pins: PlacedLabel[] = labels.map((l) => ({ left: l.x - PIN.halfWidth, top: l.y - PIN.height, width: 2 * PIN.halfWidth, height: PIN.height }))
  const placed: PlacedLabel[] = []
  for (const label of labels) {
    const { x, y, width, height } = label
    const gap = 0.6
    const candidates: PlacedLabel[] = [
      { left: x - width / 2, top: y - PIN.height - gap - height, width, height },
      { left: x - width / 2, top: y + gap, width, height },
      { left: x + PIN.halfWidth + gap, top: y - PIN.height / 2 - height / 2 - 1, width, height },
      { left: x - PIN.halfWidth - gap - width, top: y - PIN.height / 2 - height / 2 - 1, width, height },
    ].filter((c) => c.left >= 0 && c.top >= 0 && c.left + c.width <= size && c.top + c.height <= size)
    const clashes = (c: PlacedLabel) => [...pins, ...placed].filter((other) => overlaps(c, other)).length
    const best = candidates.reduce<{ box: PlacedLabel; clashes: number } | null>((chosen, c) => {
      const n = clashes(c)
      return chosen === null || n < chosen.clashes ? { box: c, clashes: n } : chosen
    }, null)
    // A pin so close to a corner that no side fits: the label above it, kept on the map.
    const fallback = { left: Math.min(Math.max(0, x - width / 2), size - width), top: Math.max(0, y - PIN.height - gap - height), width, height }
    placed.push(best?.box ?? fallback)
  }
  return placed
}

/** A label's width on the offline map at a font size (map units): CJK characters are square, others about half. */
export function labelWidth(text: string, fontSize: number): number {
  return [...text].reduce((sum, ch) => sum + (ch.charCodeAt(0) > 0x2e80 ? fontSize : fontSize * 0.56), 0) + 1
}
