import { z } from 'zod';
import { rpcContract } from '../rpc/contract.js';

export interface ServiceHealth {
  service: string;
  status: 'up' | 'degraded';
  /** `replicaReads`: with a replica, how many replica-eligible reads it served and how many went to the primary. */
  database: { type: string; status: 'up' | 'down'; replicaReads?: { replica: number; primary: number } };
  hotStore: { type: 'redis' | 'memory'; status: 'up' | 'down' };
  registry: 'nacos' | 'static';
  uptimeSeconds: number;
}

/** Every service answers `<service>.health`. */
export const healthContract = (service: string) => rpcContract<ServiceHealth>()(`${service}.health`, z.object({}).strict(), { readOnly: true });

/**
 * Tests move a service's clock with `<service>.test-clock.set` (only a system caller, only on a test clock; see
 * time/clock.ts). Answers the service's time after the move.
 */
export const testClockContract = (service: string) => rpcContract<{ now: string }>()(`${service}.test-clock.set`, z.object({ at: z.iso.datetime({ offset: true }) }).strict());
