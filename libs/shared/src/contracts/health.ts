import { z } from 'zod';
import { rpcContract } from '../rpc/contract.js';

export interface ServiceHealth {
  service: string;
  status: 'up' | 'degraded';
  database: { type: string; status: 'up' | 'down' };
  hotStore: { type: 'redis' | 'memory'; status: 'up' | 'down' };
  registry: 'nacos' | 'static';
  uptimeSeconds: number;
}

/** Every service answers `<service>.health`. */
export const healthContract = (service: string) => rpcContract<ServiceHealth>()(`${service}.health`, z.object({}).strict());
