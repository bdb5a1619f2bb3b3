import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../config/config.js';
import { clock, hasTestClock, installClockFromEnv, parseInstant, realTime, setTestNow } from './clock.js';

describe('the one clock', () => {
  it('refuses a test clock in production, naming TEST_NOW', () => {
    assert.throws(() => installClockFromEnv({ NODE_ENV: 'production', TEST_NOW: '2027-01-31T23:30:00+08:00' }), (error: Error) => error instanceof ConfigError && /TEST_NOW/.test(error.message));
    assert.equal(hasTestClock(), false);
  });

  it('refuses an instant without a zone or that is no date, naming TEST_NOW', () => {
    for (const bad of ['2027-01-31T23:30:00', '2027-02-30T00:00:00Z', 'tomorrow', '2027-01-31']) {
      assert.throws(() => parseInstant(bad), (error: Error) => error instanceof ConfigError && /TEST_NOW/.test(error.message), bad);
    }
  });

  it('keeps real time without TEST_NOW, and cannot be moved then', () => {
    installClockFromEnv({ NODE_ENV: 'test' });
    assert.equal(hasTestClock(), false);
    assert.ok(Math.abs(clock.now().getTime() - realTime.now().getTime()) < 50);
    assert.throws(() => setTestNow(new Date('2027-01-01T00:00:00Z')), /no test clock/);
  });

  it('starts at TEST_NOW, runs on at the real pace, and moves when set', async () => {
    installClockFromEnv({ NODE_ENV: 'test', TEST_NOW: '2027-01-31T23:30:00+08:00' });
    assert.equal(hasTestClock(), true);
    const start = clock.now().getTime();
    assert.ok(Math.abs(start - Date.parse('2027-01-31T15:30:00Z')) < 50);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.ok(clock.now().getTime() - start >= 25, 'the test clock runs on');
    setTestNow(new Date('2028-02-29T12:00:00+08:00'));
    assert.ok(Math.abs(clock.now().getTime() - Date.parse('2028-02-29T04:00:00Z')) < 50);
    assert.ok(Math.abs(realTime.now().getTime() - Date.now()) < 50, 'real time is not moved');
  });
});
