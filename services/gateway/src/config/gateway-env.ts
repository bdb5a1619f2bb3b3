import { admissionEnvShape, authEnvSchema, opsPortEnvShape, portSchema, rpcSigningEnvShape, rpcTlsEnvShape } from '@fuel/shared';
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
  /** How long the gateway waits for a service before answering 503 (a read) or 504 OUTCOME_UNKNOWN (a change). */
  RPC_TIMEOUT_MS: z.coerce.number().int().min(50).max(60000).default(3000),
  /** Requests of one route at once, and how long one more waits before 503 + Retry-After (nest/admission.ts). */
  ...admissionEnvShape,
  /** Comma-separated origins allowed by CORS (the H5 build); empty allows none. */
  CORS_ORIGINS: z.string().default(''),
  /** Stored idempotent responses and the shared `prices` channel; in process when not set (one gateway). */
  REDIS_URL: z.string().optional().transform((v) => (v === '' ? undefined : v)),
  REDIS_PREFIX: z.string().default('fuel:'),
  REDIS_TLS_CA_FILE: z.string().optional().transform((v) => (v === '' ? undefined : v)),
  /** Live price channel: a connection that misses one heartbeat ping is dropped at the next. */
  WS_HEARTBEAT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** The staff channel asks whether each socket's staff session is still open this often (closing ended ones). */
  STAFF_CHANNEL_SESSION_CHECK_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  /**
   * Requests per minute (http/rate-limits.ts). Client addresses may hide many drivers behind one carrier NAT, so
   * the per-address figures are generous and the per-account ones tight.
   */
  RATE_LIMIT_SIGNIN_PER_IP: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_SIGNIN_PER_USERNAME: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_WRITES_PER_IP: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_WRITES_PER_ACCOUNT: z.coerce.number().int().min(1).default(120),
  /**
   * Which peers are proxies whose X-Forwarded-For names the client (a TLS terminator, a load balancer): addresses
   * or CIDR ranges, comma-separated. Empty: the peer is the client, and X-Forwarded-For is ignored (it can be forged).
   */
  TRUST_PROXY: z.string().default('').transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
  ...opsPortEnvShape,
}).extend(authEnvSchema.shape).extend(rpcSigningEnvShape).extend(rpcTlsEnvShape).refine((env) => !env.TLS_CERT_FILE === !env.TLS_KEY_FILE, { path: ['TLS_KEY_FILE'], message: 'TLS needs both TLS_CERT_FILE and TLS_KEY_FILE' });
export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;
export const GATEWAY_ENV = Symbol('GATEWAY_ENV');
