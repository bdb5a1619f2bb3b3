/**
 * The newest price the live channel delivered per station and grade, kept for the app run, so a list or detail
 * fetched while a change was in flight still shows the newer price (queries.ts overlays it on every read).
 */
import type { GradePrice } from '@fuel/shared/client'

const latest = new Map<number, Map<string, GradePrice>>()

export function rememberLive(stationId: number, prices: GradePrice[]): void {
  const grades = latest.get(stationId) ?? new Map<string, GradePrice>()
  for (const price of prices) {
    const known = grades.get(price.grade)
    if (!known || price.updatedAt >= known.updatedAt) grades.set(price.grade, price)
  }
  latest.set(stationId, grades)
}

export function liveFor(stationId: number): ReadonlyMap<string, GradePrice> | undefined {
  return latest.get(stationId)
}
