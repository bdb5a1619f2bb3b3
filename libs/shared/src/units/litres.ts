/** Fuel volume is kept in hundredths of a litre (integers, like fen). */

/** Hundredths of a litre as the pump shows them: 4121 → "41.21". */
export const formatLitres = (centilitres: number) => `${Math.floor(centilitres / 100)}.${String(centilitres % 100).padStart(2, '0')}`;
