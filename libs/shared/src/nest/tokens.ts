/** Injection tokens for what every service gets from its runtime. */
export const SERVICE_ENV = Symbol('SERVICE_ENV');
export const HOT_STORE = Symbol('HOT_STORE');
export const LOGGER = Symbol('LOGGER');
export const SERVICE_REGISTRY = Symbol('SERVICE_REGISTRY');
/** The process's one clock (`clock` in time/clock.ts), injected so a use case names what it reads. */
export const CLOCK = Symbol('CLOCK');
export type { Clock } from '../time/clock.js';
