/**
 * The buckets of the staff figures (pure): the last 14 days, 12 ISO weeks (Monday to Sunday) or 12 months, in
 * Asia/Shanghai, oldest first, the current one last (so far). Each bucket is [start, end) as instants.
 */
import type { StatsPeriod } from '@fuel/shared';

export interface Bucket {
  start: Date;
  end: Date;
  label: string;
}

const OFFSET_MS = 8 * 3600_000;
const COUNT: Record<StatsPeriod, number> = { day: 14, week: 12, month: 12 };

/** The instant of Shanghai midnight of the wall-clock date y-m-d (m from 1; days may overflow, as Date.UTC allows). */
const shanghaiMidnight = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d) - OFFSET_MS);

export function statsBuckets(period: StatsPeriod, now: Date): Bucket[] {
  const local = new Date(now.getTime() + OFFSET_MS);
  const [y, m, d] = [local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate()];
  const buckets: Bucket[] = [];
  for (let back = COUNT[period] - 1; back >= 0; back--) {
    if (period === 'day') {
      const start = shanghaiMidnight(y, m, d - back);
      const day = new Date(start.getTime() + OFFSET_MS);
      buckets.push({ start, end: shanghaiMidnight(y, m, d - back + 1), label: `${day.getUTCMonth() + 1}月${day.getUTCDate()}日` });
    } else if (period === 'week') {
      const mondayOffset = (local.getUTCDay() + 6) % 7;
      const start = shanghaiMidnight(y, m, d - mondayOffset - 7 * back);
      const monday = new Date(start.getTime() + OFFSET_MS);
      buckets.push({ start, end: new Date(start.getTime() + 7 * 86_400_000), label: `${monday.getUTCMonth() + 1}月${monday.getUTCDate()}日起` });
    } else {
      const start = shanghaiMidnight(y, m - back, 1);
      const first = new Date(start.getTime() + OFFSET_MS);
      buckets.push({ start, end: shanghaiMidnight(y, m - back + 1, 1), label: `${first.getUTCFullYear()}年${first.getUTCMonth() + 1}月` });
    }
  }
  return buckets;
}
