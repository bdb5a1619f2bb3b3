import { authEnvSchema, portSchema, rpcSigningEnvSchema } from '@fuel/shared';
import { z } from 'zod';

export const gatewayEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('0.0.0.0'),
  PORT: portSchema.default(3000),
  /** PEM files: with both, the gateway itself serves HTTPS and WSS (TLS 1.2 and later only) and sends HSTS. */
  TLS_CERT_FILE: z.string().optional().transform((v) => (v === '' ? undefined : v)),
  TLS_KEY_FILE: z.string().optional().transform((v) => (v === '' ? undefined : v)),
  NACOS_SERVER_ADDR: z.string().optional(),
  NACOS_NAMESPACE: z.string().default('public'),
  NACOS_GROUP: z.string().default('DEFAULT_GROUP'),
  SERVICE_ADDRESSES: z.string().optional(),
  /** How long the gateway waits for a service before answering 503. */
  RPC_TIMEOUT_MS: z.coerce.number().int().min(50).max(60000).default(3000),
  /** Comma-separated origins allowed by CORS (the H5 build); empty allows none. */
  CORS_ORIGINS: z.string().default(''),
  /** Stored idempotent responses and the shared `prices` channel; in process when not set (one gateway). */
  REDIS_URL: z.string().optional().transform((v) => (v === '' ? undefined : v)),
  REDIS_PREFIX: z.string().default('fuel:'),
  /** Live price channel: a connection that misses one heartbeat ping is dropped at the next. */
  WS_HEARTBEAT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** The staff channel asks whether each socket's staff session is still open this often (closing ended ones). */
  STAFF_CHANNEL_SESSION_CHECK_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
}).extend(authEnvSchema.shape).extend(rpcSigningEnvSchema.shape).refine((env) => !env.TLS_CERT_FILE === !env.TLS_KEY_FILE, { path: ['TLS_KEY_FILE'], message: 'TLS needs both TLS_CERT_FILE and TLS_KEY_FILE' });
export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;
export const GATEWAY_ENV = Symbol('GATEWAY_ENV');
