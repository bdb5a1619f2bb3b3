/** [1990, 3, 7] → "1990-03-07"; null when the picker gave something that is not a date. */
export function toIsoDate([year, month, day]: number[]): string | null {
  if (![year, month, day].every(Number.isInteger)) return null
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null
  return date.toISOString().slice(0, 10)
}

/** "1990-03-07" → "1990年3月7日". */
export function birthdayText(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number)
  return `${year}年${month}月${day}日`
}
