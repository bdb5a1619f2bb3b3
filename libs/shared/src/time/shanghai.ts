/**
 * Asia/Shanghai wall-clock time (UTC+8 all year, no daylight saving): the one place the platform turns an instant
 * into the local date and time that opening hours, member days and birthdays are written in.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** A Date whose UTC fields read the Shanghai wall clock at `instant` (use getUTC…, never the local getters). */
export function shanghaiWallClock(instant: Date): Date {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS);
}

/** Calendar date in Asia/Shanghai. */
export function shanghaiDate(instant: Date): { year: number; month: number; day: number } {
  const local = shanghaiWallClock(instant);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}
