/**
 * Money is an integer number of fen (分, 1/100 CNY) from the database to the display.
 * The brand keeps a plain number from being passed where fen are expected without a conscious conversion.
 */
import type { ValueTransformer } from 'typeorm';

export type Fen = number & { readonly __unit: 'fen' };

export function fen(value: number): Fen {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer amount of fen: ${value}`);
  return value as Fen;
}

/** Parses a yuan amount written as a decimal string ("12.34") without going through floats. */
export function yuanToFen(yuan: string): Fen {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(yuan.trim());
  if (!match) throw new RangeError(`not a yuan amount: ${yuan}`);
  const [, sign, whole, frac = ''] = match;
  const value = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return fen(sign ? -value : value);
}

/**
 * The one money formatter: fen as yuan with two decimals, from the integer's digits (never through floats).
 * `formatYuan(728)` → "7.28" (a provider field that wants yuan); `formatYuan(728, { symbol: true })` → "¥7.28",
 * and "-¥12.30" for a debit (what a screen shows). A non-integer amount is a bug upstream: RangeError.
 */
export function formatYuan(amount: number, options: { symbol?: boolean } = {}): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`not an integer amount of fen: ${amount}`);
  const sign = amount < 0 ? '-' : '';
  const digits = String(Math.abs(amount)).padStart(3, '0');
  return `${sign}${options.symbol ? '¥' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/**
 * What a person reads (issue 23, one style for the app, the staff screens and the texts the server writes): whole
 * yuan without ".00" ("200", as in 满200减15), fen where there are some ("12.50"). No symbol.
 */
export function yuanText(amount: number): string {
  const text = formatYuan(amount);
  return text.endsWith('.00') ? text.slice(0, -3) : text;
}

/** "¥100", "¥12.50", "-¥15"; `signed`: a credit reads "+¥100" (a debit keeps its "-", zero has no sign). */
export function moneyText(amount: number, options: { signed?: boolean } = {}): string {
  const text = `¥${yuanText(Math.abs(amount))}`;
  if (amount < 0) return `-${text}`;
  return options.signed && amount > 0 ? `+${text}` : text;
}

/** Applies a rate in per-mille (e.g. 880 for 88 %) and rounds half up to the nearest fen. */
export function applyPerMille(amount: Fen, perMille: number): Fen {
  return fen(Math.floor((amount * perMille + 500) / 1000));
}

/**
 * Splits a total across weights so that the parts add up exactly (largest remainder method).
 * Used to spread an order-level discount over its lines.
 */
export function splitByLargestRemainder(total: Fen, weights: readonly number[]): Fen[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) throw new RangeError('weights must add up to a positive number');
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map((x) => Math.floor(x));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => ({ i, rest: x - Math.floor(x) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k].i]++;
  return parts.map(fen);
}

/**
 * TypeORM column transformer for BIGINT fen columns: mysql2 returns BIGINT as a string, SQLite as a number.
 * This is the one place where that difference is handled.
 */
export const fenColumn: ValueTransformer = {
  to: (value: Fen | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? value : fen(Number(value))),
};

/** BIGINT ids and counters read back as numbers (mysql2 returns BIGINT as a string). */
export const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};
