import { backofficeEnvSchema, providerEndpoint, DEFAULT_MAP_WS_PORT } from '@fuel/shared';
import { z } from 'zod';

export const mapEnvSchema = backofficeEnvSchema.extend({
  /** A price move larger than this (per mille of the current price) needs an explicit confirm flag. */
  PRICE_JUMP_BOUND_PERMILLE: z.coerce.number().int().min(1).max(1000).default(150),
  /** Port of the live price channel (WebSocket); the gateway proxies /ws/prices to it. */
  WS_PORT: z.coerce.number().int().min(1).max(65535).default(DEFAULT_MAP_WS_PORT),
  /** Server ping interval; a client that has not answered the previous ping by then is dropped. */
  /** Baidu Maps web API (geocoding); the default endpoint is the local stand-in started by `npm start`. */
  BAIDU_MAP_AK: z.string().min(1),
  BAIDU_MAP_ENDPOINT: providerEndpoint('http://127.0.0.1:4011'),
  WS_HEARTBEAT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
});
export type MapEnv = z.infer<typeof mapEnvSchema>;
