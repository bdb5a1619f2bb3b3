/**
 * The payment intent's states and the moves between them, as one table (pure: no framework, no I/O).
 *
 *   created ─┬─► paying ─┬─► succeeded ─► partially_refunded ─► refunded
 *            │   ▲   │   │        └──────────────────────────────► refunded
 *            │   │   │   └─► failed ─► paying (a new attempt) | succeeded (a late notice) | closed
 *            │   └───┘ (another attempt: another method, a new out_trade_no)
 *            └─► closed (cancelled or expired, also from paying)
 */
import type { PaymentStatus } from '@fuel/shared';

export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  created: ['paying', 'closed'],
  paying: ['paying', 'succeeded', 'failed', 'closed'],
  failed: ['paying', 'succeeded', 'closed'],
  succeeded: ['partially_refunded', 'refunded'],
  partially_refunded: ['partially_refunded', 'refunded'],
  closed: [],
  refunded: [],
};

export type TransitionCheck = { ok: true } | { ok: false; error: 'ILLEGAL_TRANSITION'; from: PaymentStatus; to: PaymentStatus };

export function checkTransition(from: PaymentStatus, to: PaymentStatus): TransitionCheck {
  return PAYMENT_TRANSITIONS[from].includes(to) ? { ok: true } : { ok: false, error: 'ILLEGAL_TRANSITION', from, to };
}

/** A payment can be attempted (again) only before it succeeded, and not after it was closed. */
export const canAttempt = (status: PaymentStatus) => checkTransition(status, 'paying').ok;

/** The state after refunding `refundFen` more of a paid `amountFen` of which `refundedFen` was refunded already. */
export function afterRefund(amountFen: number, refundedFen: number, refundFen: number): { status: 'partially_refunded' | 'refunded'; refundedFen: number } | { error: 'REFUND_EXCEEDS_PAID' } {
  if (!Number.isSafeInteger(refundFen) || refundFen <= 0 || refundedFen + refundFen > amountFen) return { error: 'REFUND_EXCEEDS_PAID' };
  const total = refundedFen + refundFen;
  return { status: total === amountFen ? 'refunded' : 'partially_refunded', refundedFen: total };
}

/**
 * The fen whose points a refund takes back: points are earned per whole yuan paid, so a refund takes back the
 * whole yuan it removes from what is still paid — exact however the payment is split (of two refunds of ¥0.50,
 * the first takes back the one point ¥1.00 earned; a ¥150.50 payment refunded as ¥50.25 + ¥100.25 takes back
 * 50 + 100).
 */
export function pointsBaseForRefund(amountFen: number, refundedBeforeFen: number, refundFen: number): number {
  const keptBefore = amountFen - refundedBeforeFen;
  const keptAfter = keptBefore - refundFen;
  return (Math.floor(keptBefore / 100) - Math.floor(keptAfter / 100)) * 100;
}

/**
 * Merchant order numbers: P + yyyymmdd + 8 random characters (the intent), and the intent's number + 2-digit
 * attempt (each attempt at a provider). WeChat Pay accepts 6–32 of [0-9A-Za-z_-|*]; Alipay up to 64.
 */
export function intentNumber(now: Date, random: string): string {
  return `P${now.toISOString().slice(0, 10).replaceAll('-', '')}${random}`;
}

export function attemptNumber(intentNo: string, attempt: number): string {
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > 99) throw new RangeError(`attempt out of range: ${attempt}`);
  return `${intentNo}${String(attempt).padStart(2, '0')}`;
}
