/**
 * Which station prices changed a moment ago, so the screens can highlight them. A tiny observable set: the live
 * price hook marks, price tags read it through `usePriceFlash`.
 */
import { useSyncExternalStore } from 'react'

export const FLASH_MS = 2500

/** Until when each station's grade stays highlighted: a second change extends it, an old timer cannot cut it. */
const flashingUntil = new Map<string, number>()
const listeners = new Set<() => void>()
let version = 0

const id = (stationId: number, grade: string) => `${stationId}:${grade}`

function emit() {
  version++
  listeners.forEach((listener) => listener())
}

export function markChanged(stationId: number, grades: string[]): void {
  if (grades.length === 0) return
  const until = Date.now() + FLASH_MS
  for (const grade of grades) flashingUntil.set(id(stationId, grade), until)
  emit()
  setTimeout(() => {
    const now = Date.now()
    for (const [key, expiry] of flashingUntil) if (expiry <= now) flashingUntil.delete(key)
    emit()
  }, FLASH_MS)
}

function subscribe(listener: () => void) {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function usePriceFlash(stationId: number, grade: string): boolean {
  useSyncExternalStore(subscribe, () => version, () => version)
  return (flashingUntil.get(id(stationId, grade)) ?? 0) > Date.now()
}
