/**
 * The one clock every business rule reads (member day, birthday month, tier expiry, reminders, coupon validity,
 * order expiry, Shanghai day buckets, staff idle time, token expiry). A process has exactly one: `clock`.
 *
 * In tests it can be set: `TEST_NOW=<ISO instant>` starts the process's clock at that instant, from where it runs
 * on at the real pace (timeouts and waits still behave), and `setTestNow` moves it while the process runs (the
 * services expose that as the `<service>.test-clock.set` RPC, the gateway as `PUT /api/v1/_test/clock`, both only while a
 * test clock is installed). Production refuses TEST_NOW at start.
 *
 * What is not a business decision reads real time on purpose (`realTime`): signature freshness windows shared with
 * other parties (RPC envelopes, station tokens, WeChat Pay and Alipay timestamps), cache lifetimes, lock leases
 * and measured durations. Those must agree with other machines' real clocks, whatever a test sets.
 */
import { ConfigError } from '../config/config-error.js';

export interface Clock {
  now(): Date;
}

/** Real time: only for transport freshness windows, cache lifetimes, leases and durations (see above). */
export const realTime: Clock = { now: () => new Date() };

/** A clock `offsetMs` away from real time that runs at the real pace. */
class ShiftedClock implements Clock {
  constructor(private offsetMs: number) {}
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  set(instant: Date): void {
    this.offsetMs = instant.getTime() - Date.now();
  }
}

let installed: ShiftedClock | undefined;
let installedFrom: string | undefined;

/** The process's clock: real time unless a test clock is installed. */
export const clock: Clock = { now: () => (installed ? installed.now() : new Date()) };

/** The variable that sets a test clock, as a process reads it at start. */
const TEST_CLOCK_VARIABLE = 'TEST_NOW';

/** Parses an ISO-8601 instant with an explicit zone (`Z` or `+08:00`); anything else is refused. */
export function parseInstant(value: string): Date {
  const parts = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.exec(value);
  const instant = parts ? new Date(value) : new Date(NaN);
  // Date rolls 30 February over into March: the written calendar date must exist.
  const [, year, month, day] = parts ?? [];
  const exists = parts !== null && new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))).getUTCDate() === Number(day);
  if (!exists || Number.isNaN(instant.getTime())) throw new ConfigError(`Invalid configuration:\n  ${TEST_CLOCK_VARIABLE}: must be an ISO-8601 instant with a zone, e.g. 2027-01-31T23:30:00+08:00`);
  return instant;
}

/** Production's objection to a test clock, if this environment sets one (config/production.ts lists it with the rest). */
export function testClockProblem(env: NodeJS.ProcessEnv | Record<string, unknown>): string | undefined {
  const value = env[TEST_CLOCK_VARIABLE];
  if (env.NODE_ENV !== 'production' || value === undefined || value === '') return undefined;
  return `${TEST_CLOCK_VARIABLE}: a test clock must not be set in production`;
}

/**
 * Reads TEST_NOW once at start. Production refuses it (a test setting must never move real money's time); elsewhere
 * it installs the test clock. Without it the process keeps real time and cannot be moved.
 */
export function installClockFromEnv(env: NodeJS.ProcessEnv | Record<string, unknown> = process.env): void {
  const value = env[TEST_CLOCK_VARIABLE];
  if (value === undefined || value === '') return;
  const problem = testClockProblem(env);
  if (problem) throw new ConfigError(`Invalid configuration:\n  ${problem}`);
  // Several services started inside one test process read the same TEST_NOW: the clock starts there once.
  if (installedFrom === value) return;
  const start = parseInstant(String(value));
  installed = new ShiftedClock(start.getTime() - Date.now());
  installedFrom = String(value);
}

/** Whether this process runs on a settable test clock. */
export function hasTestClock(): boolean {
  return installed !== undefined;
}

/** Moves the test clock to `instant` (it runs on from there). Refused unless a test clock is installed. */
export function setTestNow(instant: Date): void {
  if (!installed) throw new Error('no test clock is installed (start the process with TEST_NOW)');
  installed.set(instant);
}
