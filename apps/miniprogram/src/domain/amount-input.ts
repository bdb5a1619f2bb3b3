/**
 * The amount a driver types (what the pump shows, in yuan) as fen, without floating point: "300", "300.5",
 * "300.50" → 30000, 30050, 30050; anything else (letters, three decimals, empty) → null.
 */
export function yuanInputToFen(text: string): number | null {
  const match = /^(\d{1,6})(?:\.(\d{0,2}))?$/.exec(text.trim())
  if (!match) return null
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}

/** Pump amounts the app offers as one tap (fen). */
export const FUEL_AMOUNT_PRESETS_FEN = [10_000, 20_000, 30_000, 50_000] as const
