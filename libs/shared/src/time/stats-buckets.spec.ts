import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bucketIndexSql, statsBuckets } from './stats-buckets.js';

// 2026-11-29 01:30 in Shanghai is still 2026-11-28 in UTC.
const now = new Date('2026-11-28T17:30:00Z');

describe('staff figures buckets', () => {
  it('ends the daily series with today in Shanghai, from its midnight (UTC+8)', () => {
    const days = statsBuckets('day', now);
    assert.equal(days.length, 14);
    assert.equal(days.at(-1)!.start.toISOString(), '2026-11-28T16:00:00.000Z');
    assert.equal(days.at(-1)!.label, '11月29日');
    assert.equal(days[0]!.label, '11月16日');
  });

  it('starts weeks on Monday and leaves no gaps between buckets', () => {
    const weeks = statsBuckets('week', now);
    assert.equal(weeks.at(-1)!.label, '11月23日起'); // 2026-11-23 is a Monday
    for (let i = 1; i < weeks.length; i++) assert.equal(weeks[i]!.start.getTime(), weeks[i - 1]!.end.getTime());
  });

  it('rolls months back across the year', () => {
    const months = statsBuckets('month', now);
    assert.equal(months.length, 12);
    assert.equal(months[0]!.label, '2025年12月');
    assert.equal(months.at(-1)!.end.toISOString(), '2026-11-30T16:00:00.000Z');
  });

  it('on New Year’s Eve in Shanghai after midnight (UTC still the old year) the day and month are the new year’s', () => {
    const newYear = new Date('2026-12-31T16:30:00Z'); // 2027-01-01 00:30 in Shanghai
    const days = statsBuckets('day', newYear);
    assert.equal(days.at(-1)!.label, '1月1日');
    assert.equal(days.at(-1)!.start.toISOString(), '2026-12-31T16:00:00.000Z');
    assert.equal(days.at(-2)!.label, '12月31日');
    const months = statsBuckets('month', newYear);
    assert.equal(months.at(-1)!.label, '2027年1月');
    assert.equal(months.at(-1)!.start.toISOString(), '2026-12-31T16:00:00.000Z');
    assert.equal(months.at(-2)!.label, '2026年12月');
  });

  it('ends February on its last day, leap year or not', () => {
    for (const [instant, lastDay, marchStart] of [
      ['2027-02-28T12:00:00+08:00', '2月28日', '2027-02-28T16:00:00.000Z'],
      ['2028-02-29T23:59:00+08:00', '2月29日', '2028-02-29T16:00:00.000Z'],
    ] as const) {
      const at = new Date(instant);
      assert.equal(statsBuckets('day', at).at(-1)!.label, lastDay);
      assert.equal(statsBuckets('month', at).at(-1)!.end.toISOString(), marchStart);
    }
  });

  it('on the 31st the month series still holds twelve whole months, each starting on the 1st', () => {
    const months = statsBuckets('month', new Date('2027-01-31T23:30:00+08:00'));
    assert.equal(months.length, 12);
    assert.deepEqual(months.map((m) => m.label).slice(-3), ['2026年11月', '2026年12月', '2027年1月']);
    for (const month of months) assert.equal(new Date(month.start.getTime() + 8 * 3_600_000).getUTCDate(), 1);
  });

  it('groups by one CASE over consecutive bounds', () => {
    const days = statsBuckets('day', now).slice(-2);
    const { sql, params } = bucketIndexSql('o.paid_at', days);
    assert.equal(sql, 'CASE WHEN o.paid_at >= :bucket0 AND o.paid_at < :bucket1 THEN 0 WHEN o.paid_at >= :bucket1 AND o.paid_at < :bucket2 THEN 1 END');
    assert.deepEqual(Object.values(params), [days[0]!.start, days[1]!.start, days[1]!.end]);
  });
});
