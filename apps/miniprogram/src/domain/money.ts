/** Money is an integer number of fen (1 yuan = 100 fen) everywhere; it becomes yuan text only here, at display. */
export type Fen = number

/**
 * Formats fen as yuan for display: 1234 -> "¥12.34", 5 -> "¥0.05", -1234 -> "-¥12.34".
 * Works on the decimal digits of the integer, never on floats. Throws RangeError for a non-integer or unsafe integer.
 */
export function formatFen(fen: Fen): string {
  if (!Number.isSafeInteger(fen)) {
    throw new RangeError(`formatFen expects a safe integer number of fen, got ${String(fen)}`)
  }
  const sign = fen < 0 ? '-' : ''
  const digits = String(Math.abs(fen)).padStart(3, '0')
  const yuan = digits.slice(0, -2)
  const cents = digits.slice(-2)
  return `${sign}¥${yuan}.${cents}`
}
