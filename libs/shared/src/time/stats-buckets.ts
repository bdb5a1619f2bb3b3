/**
 * The buckets of the staff figures (pure): the last 14 days, 12 ISO weeks (Monday to Sunday) or 12 months, in
 * Asia/Shanghai, oldest first, the current one last (so far). Each bucket is [start, end) as instants. Services
 * group rows into them in SQL with `bucketIndexSql` (a CASE over the bounds: the same on MySQL and SQLite).
 */
import type { StatsPeriod } from '../contracts/order/order-vocabulary.js';

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

/**
 * `CASE WHEN col >= :b0 AND col < :b1 THEN 0 … END`: the bucket index of a row (NULL outside every bucket), with
 * its parameters, so that one GROUP BY gives every bucket at once.
 */
export function bucketIndexSql(column: string, buckets: Bucket[]): { sql: string; params: Record<string, Date> } {
  const params: Record<string, Date> = {};
  const cases = buckets.map((bucket, index) => {
    params[`bucket${index}`] = bucket.start;
    return `WHEN ${column} >= :bucket${index} AND ${column} < :bucket${index + 1} THEN ${index}`;
  });
  params[`bucket${buckets.length}`] = buckets.at(-1)!.end;
  return { sql: `CASE ${cases.join(' ')} END`, params };
}
