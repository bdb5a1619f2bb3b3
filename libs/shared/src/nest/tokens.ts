/** Injection tokens for what every service gets from its runtime. */
export const SERVICE_ENV = Symbol('SERVICE_ENV');
export const HOT_STORE = Symbol('HOT_STORE');
export const LOGGER = Symbol('LOGGER');
export const SERVICE_REGISTRY = Symbol('SERVICE_REGISTRY');
export const CLOCK = Symbol('CLOCK');

/** Time is injected so rules about expiry and reminders can be tested without waiting. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
