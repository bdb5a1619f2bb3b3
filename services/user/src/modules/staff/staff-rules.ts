/** Pure sign-in rules for staff (no framework imports). */

/** Failed password attempts allowed per account within the window before it is locked. */
export const MAX_PASSWORD_FAILURES = 5;
export const FAILURE_WINDOW_SECONDS = 15 * 60;
export const LOCK_SECONDS = 15 * 60;
/** An SMS code lives five minutes and survives at most five wrong guesses. */
export const SMS_CODE_TTL_SECONDS = 5 * 60;
export const MAX_CODE_ATTEMPTS = 5;

export function shouldLock(failuresInWindow: number): boolean {
  return failuresInWindow >= MAX_PASSWORD_FAILURES;
}
