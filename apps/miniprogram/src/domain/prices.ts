/** Price tables as the live channel changes them. Pure. */
import type { FuelGrade, FuelPriceKey, GradePrice } from '@fuel/shared/client'

export type PriceTableUpdate = { kind: 'snapshot'; prices: GradePrice[] } | { kind: 'change'; changes: GradePrice[] }

/**
 * A snapshot replaces the table; a change replaces only the grades it set. Live frames do not carry the
 * member's own price (`yourFen`): it is the column the server named in `appliesTo`, picked again here.
 */
export function applyPrices(current: GradePrice[], update: PriceTableUpdate, appliesTo: FuelPriceKey | null = null): GradePrice[] {
  let next: GradePrice[]
  if (update.kind === 'snapshot') {
    next = update.prices
  } else {
    const changed = new Map(update.changes.map((p) => [p.grade, p]))
    next = current.map((p) => changed.get(p.grade) ?? p)
    for (const p of update.changes) if (!current.some((c) => c.grade === p.grade)) next.push(p)
  }
  if (!appliesTo) return next
  return next.map((p) => ({ ...p, yourFen: appliesTo === 'regular' ? p.regularFen : p.memberFen[appliesTo] }))
}

export function priceOf(prices: GradePrice[], grade: FuelGrade): GradePrice | undefined {
  return prices.find((p) => p.grade === grade)
}

/** The grades whose regular or member prices differ between two tables (what to highlight). */
export function changedGrades(before: GradePrice[], after: GradePrice[]): FuelGrade[] {
  const key = (p: GradePrice) => `${p.regularFen}/${p.memberFen.silver}/${p.memberFen.gold}/${p.memberFen.diamond}`
  return after.filter((p) => {
    const old = priceOf(before, p.grade)
    return !old || key(old) !== key(p)
  }).map((p) => p.grade)
}

/**
 * The table with every grade replaced by a newer live price (by `updatedAt`), for a list or detail fetched while
 * a change was in flight: the fetch may answer with the older price after the live frame was applied.
 */
export function overlayNewer(prices: GradePrice[], live: ReadonlyMap<string, GradePrice> | undefined, appliesTo: FuelPriceKey | null = null): GradePrice[] {
  if (!live || !prices.some((p) => (live.get(p.grade)?.updatedAt ?? '') > p.updatedAt)) return prices
  const changes = prices.flatMap((p) => {
    const newer = live.get(p.grade)
    return newer && newer.updatedAt > p.updatedAt ? [newer] : []
  })
  return applyPrices(prices, { kind: 'change', changes }, appliesTo)
}
