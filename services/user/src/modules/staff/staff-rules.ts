/** Pure sign-in rules for staff (no framework imports). */

/** Failed password attempts allowed per account within the window before it is locked. */
export const MAX_PASSWORD_FAILURES = 5;
export const FAILURE_WINDOW_SECONDS = 15 * 60;
export const LOCK_SECONDS = 15 * 60;
/** An SMS code lives five minutes and survives at most five wrong guesses. */
export const SMS_CODE_TTL_SECONDS = 5 * 60;
export const MAX_CODE_ATTEMPTS = 5;

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '*'.repeat(Math.max(phone.length - 4, 0)) + phone.slice(-4);
}

export function shouldLock(failuresInWindow: number): boolean {
  return failuresInWindow >= MAX_PASSWORD_FAILURES;
}
