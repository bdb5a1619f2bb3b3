/** Pure sign-in and password rules for staff (no framework imports). */

/** Failed password attempts allowed per account within the window before it is locked. */
export const MAX_PASSWORD_FAILURES = 5;
export const FAILURE_WINDOW_SECONDS = 15 * 60;
export const LOCK_SECONDS = 15 * 60;
/** An SMS code lives five minutes; five wrong codes (across codes, within the window) lock the account. */
export const SMS_CODE_TTL_SECONDS = 5 * 60;
export const MAX_CODE_FAILURES = 5;
/** Passwords older than this must be changed at the next sign-in. */
export const PASSWORD_MAX_AGE_DAYS = 90;

export function shouldLock(failuresInWindow: number): boolean {
  return failuresInWindow >= MAX_PASSWORD_FAILURES;
}

const CLASSES = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/];

/** Why a new password is refused (zh-CN, for the person choosing it), or null when it is acceptable. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < 8) return '密码至少 8 位';
  if (CLASSES.filter((c) => c.test(password)).length < 3) return '密码须包含大写字母、小写字母、数字、符号中的至少三类';
  if (password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名';
  return null;
}

export function passwordExpired(changedAt: Date | null, now: Date): boolean {
  return changedAt === null || now.getTime() - changedAt.getTime() >= PASSWORD_MAX_AGE_DAYS * 86_400_000;
}

/** A one-time password that itself passes the rule: 4 groups from an alphabet without look-alikes. */
export function oneTimePassword(randomIndex: (max: number) => number): string {
  const groups = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '@#%+=?'];
  const chars = groups.flatMap((g) => [g[randomIndex(g.length)]!, g[randomIndex(g.length)]!, g[randomIndex(g.length)]!]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomIndex(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
