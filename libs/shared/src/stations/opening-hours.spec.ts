import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isOpenAt } from './opening-hours.js';

const weekdays = (open: string, close: string) => ({ allDay: false as const, days: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, open, close })) });
// 2026-11-26 is a Thursday (weekday 4). Times are given in UTC; Shanghai is UTC+8.
const at = (shanghaiTime: string, day = '2026-11-26') => new Date(`${day}T${shanghaiTime}:00+08:00`);

describe('open now, in Asia/Shanghai', () => {
  it('is always open round the clock', () => assert.equal(isOpenAt({ allDay: true }, at('03:00')), true));
  it('opens at the opening minute and closes at the closing minute', () => {
    const hours = weekdays('06:00', '22:30');
    assert.equal(isOpenAt(hours, at('05:59')), false);
    assert.equal(isOpenAt(hours, at('06:00')), true);
    assert.equal(isOpenAt(hours, at('22:29')), true);
    assert.equal(isOpenAt(hours, at('22:30')), false);
  });
  it('uses the Shanghai weekday, not the UTC one', () => {
    // Saturday 07:00 in Shanghai is still Friday 23:00 UTC; weekday hours do not cover Saturday.
    assert.equal(isOpenAt(weekdays('06:00', '22:30'), at('07:00', '2026-11-28')), false);
    assert.equal(isOpenAt(weekdays('06:00', '22:30'), at('07:00', '2026-11-27')), true);
  });
  it('handles hours past midnight', () => {
    const hours = weekdays('18:00', '02:00');
    assert.equal(isOpenAt(hours, at('01:00', '2026-11-27')), true); // Friday 01:00, from Thursday's hours
    assert.equal(isOpenAt(hours, at('01:00', '2026-11-29')), false); // Sunday 01:00: Saturday has no hours
    assert.equal(isOpenAt(hours, at('17:59')), false);
  });
});
