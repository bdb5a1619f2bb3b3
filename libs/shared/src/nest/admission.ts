/**
 * Admission control: at most `limit` pieces of work of one kind (a gateway route, an RPC pattern) run at once; one
 * more waits up to `queueMs` for a place, first come first served, and is refused if none comes — before it has
 * started anything, so the refusal changes nothing and the client may simply come back (503 + Retry-After).
 * A concurrency limit, not a rate: under load, work waits for the database instead of piling onto it, and what
 * cannot start soon is told so at once instead of timing out half done. (p-limit and p-queue queue without a
 * deadline; the few lines here are the deadline.)
 */
import { z } from 'zod';
import { admissionRefusals } from '../metrics/metrics.js';

/** Frees the place taken; calling it again does nothing. */
export type Release = () => void;

export class AdmissionGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly limit: number,
    private readonly queueMs: number,
  ) {}

  /** The release once admitted, or undefined when refused (no place within the queue time). */
  enter(): Promise<Release | undefined> {
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve(this.release());
    }
    if (this.queueMs <= 0) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const admit = () => {
        clearTimeout(timer);
        resolve(this.release());
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(admit), 1);
        resolve(undefined);
      }, this.queueMs);
      this.waiting.push(admit);
    });
  }

  /** A place handed straight to the next waiter, or given back. */
  private release(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    };
  }
}

/** One gate per kind of work, made on first use; refusals are counted by `where` (gateway, or the service) and kind. */
export class AdmissionGates {
  private readonly gates = new Map<string, AdmissionGate>();

  constructor(
    private readonly where: string,
    private readonly settings: { concurrency: number; queueMs: number },
  ) {}

  async enter(kind: string): Promise<Release | undefined> {
    let gate = this.gates.get(kind);
    if (!gate) this.gates.set(kind, (gate = new AdmissionGate(this.settings.concurrency, this.settings.queueMs)));
    const release = await gate.enter();
    if (!release) admissionRefusals.inc({ where: this.where, kind });
    return release;
  }
}

/**
 * ADMISSION_CONCURRENCY: how many requests of one route (at the gateway) or calls of one pattern started by a
 * client (in a service) run at once; ADMISSION_QUEUE_MS: how long one more waits for a place before it is refused.
 */
export const admissionEnvShape = {
  ADMISSION_CONCURRENCY: z.coerce.number().int().min(1).max(10_000).default(32),
  ADMISSION_QUEUE_MS: z.coerce.number().int().min(0).max(30_000).default(1_000),
};
