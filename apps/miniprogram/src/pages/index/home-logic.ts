/** The home screen's choices and words, kept out of the component. */
import { FUEL_GRADES, type FuelGrade, type MemberTier, type NearbyStation } from '@fuel/shared/client'

import type { StationSort } from '../../services/queries'
import { priceOf } from '../../domain/prices'
import { moneyText } from '../../domain/money'

export const GRADE_OPTIONS = FUEL_GRADES.map((grade) => ({ value: grade, title: `${grade}#` }))
export const SORT_OPTIONS: Array<{ value: StationSort; label: string }> = [
  { value: 'distance', label: '距离最近' },
  { value: 'price', label: '价格最低' },
]

/** The short label on a map pin: the grade's price for the driver's tier ("¥7.21"), or the station's name. */
export function pinLabel(station: NearbyStation, grade: FuelGrade, tier: MemberTier | null): string {
  const price = priceOf(station.prices, grade)
  if (!price) return station.name
  const fen = tier && tier !== 'normal' ? price.memberFen[tier] : price.regularFen
  return moneyText(fen)
}

/**
 * The list in the chosen order, kept true while live prices change: by price, the grade's regular price then
 * distance (the server's rule for `sort=price`); by distance, as the server sent it.
 */
export function orderStations(stations: NearbyStation[], sort: StationSort, grade: FuelGrade): NearbyStation[] {
  if (sort !== 'price') return stations
  const regular = (s: NearbyStation) => priceOf(s.prices, grade)?.regularFen ?? Number.MAX_SAFE_INTEGER
  return [...stations].sort((a, b) => regular(a) - regular(b) || a.distanceM - b.distanceM)
}

export function liveStatusText(status: string): string {
  if (status === 'live') return '油价实时更新中'
  if (status === 'reconnecting') return '实时油价重新连接中…'
  return '正在连接实时油价…'
}

/** The list as filtered on the home screen: open now only, and a name or address containing the search words. */
export function filterStations(stations: NearbyStation[], filter: { openOnly: boolean; search: string }): NearbyStation[] {
  const words = filter.search.trim().toLowerCase().split(/\s+/).filter(Boolean)
  return stations.filter((s) => (!filter.openOnly || s.openNow) && words.every((w) => `${s.name} ${s.address}`.toLowerCase().includes(w)))
}

/** Where 一键加油 on the home screen goes: the nearest station open now (null when none is). */
export function nearestOpen(stations: NearbyStation[]): NearbyStation | null {
  return stations.filter((s) => s.openNow).reduce<NearbyStation | null>((best, s) => (best === null || s.distanceM < best.distanceM ? s : best), null)
}
