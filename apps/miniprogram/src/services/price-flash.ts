/**
 * Which station prices changed a moment ago, so the screens can highlight them. A tiny observable set: the live
 * price hook marks, price tags read it through `usePriceFlash`.
 */
import { useSyncExternalStore } from 'react'

export const FLASH_MS = 2500

const flashing = new Set<string>()
const listeners = new Set<() => void>()
let version = 0

const id = (stationId: number, grade: string) => `${stationId}:${grade}`

function emit() {
  version++
  listeners.forEach((listener) => listener())
}

export function markChanged(stationId: number, grades: string[]): void {
  if (grades.length === 0) return
  for (const grade of grades) flashing.add(id(stationId, grade))
  emit()
  setTimeout(() => {
    for (const grade of grades) flashing.delete(id(stationId, grade))
    emit()
  }, FLASH_MS)
}

function subscribe(listener: () => void) {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function usePriceFlash(stationId: number, grade: string): boolean {
  useSyncExternalStore(subscribe, () => version, () => version)
  return flashing.has(id(stationId, grade))
}
