/**
 * Configuration is read from the environment once, at start, and validated with zod.
 * A bad or missing variable stops the process with a message naming it.
 */
import { z } from 'zod';
import { rpcSigningEnvShape, rpcVerifyingEnvShape } from '../rpc/envelope-signature.js';
import { rpcTlsEnvShape } from '../rpc/rpc-tls.js';
import { admissionEnvShape } from '../nest/admission.js';
import { ConfigError } from './config-error.js';
import { providerEndpoint } from './production.js';

export { ConfigError };
export { assertProductionReady, checkConfigOnly, isDevelopmentCredential, productionConfigProblems, providerEndpoint, publicCallbackUrl } from './production.js';
export { DEV_VALUE_FINGERPRINTS } from './dev-fingerprints.js';

export function parseConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

/** Like parseConfig, but prints the problem and exits: for use in main.ts. */
export function loadConfigOrExit<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  try {
    return parseConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
}

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || protocols.some((p) => v.startsWith(`${p}://`)), {
      message: `must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

const port = z.coerce.number().int().min(1).max(65535);

/** The operations port (nest/ops-server.ts: /healthz, /readyz) for probes; not opened when OPS_PORT is unset. */
export const opsPortEnvShape = {
  OPS_PORT: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(65535).optional()),
  /** Where the operations port listens: all interfaces, for the kubelet's probes (NetworkPolicy keeps others out). */
  OPS_HOST: z.string().default('0.0.0.0'),
  /** After `GET /drain` (the preStop hook) left discovery: how long callers get to notice before it answers. */
  DRAIN_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
};

/** Environment shared by every backend service. */
export const serviceEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SERVICE_HOST: z.string().default('127.0.0.1'),
  /** mysql://user:pass@host:port/db; without it the service uses an embedded SQLite database. */
  DATABASE_URL: optionalUrl(['mysql', 'mariadb']),
  /** Read replica; ordinary reads go there, writes and money/stock decisions to the primary. */
  DATABASE_REPLICA_URL: optionalUrl(['mysql', 'mariadb']),
  /** A CA certificate (PEM file): every database connection then uses TLS and verifies the server against it. */
  DATABASE_TLS_CA_FILE: z.string().optional().transform((v) => (v === '' ? undefined : v)),
  /** Connections a process keeps to MySQL/MariaDB (fuel_db_pool_waiting tells when they are too few). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Folder for the embedded SQLite file when DATABASE_URL is not set. */
  DATA_DIR: z.string().default('.data'),
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  /** Prefix for every Redis key and channel, so several deployments (or test runs) can share one Redis. */
  REDIS_PREFIX: z.string().default('fuel:'),
  /** With a `rediss://` URL: the CA (PEM file) the Redis server's certificate must chain to (else the system's). */
  REDIS_TLS_CA_FILE: z.string().optional().transform((v) => (v === '' ? undefined : v)),
  NACOS_SERVER_ADDR: z.string().optional(),
  NACOS_NAMESPACE: z.string().default('public'),
  NACOS_GROUP: z.string().default('DEFAULT_GROUP'),
  /** Static registry used when Nacos is not configured: "user=127.0.0.1:4001,order=127.0.0.1:4002,…". */
  SERVICE_ADDRESSES: z.string().optional(),
  RPC_TIMEOUT_MS: z.coerce.number().int().min(50).max(60000).default(3000),
  ...admissionEnvShape,
  ...rpcSigningEnvShape,
  ...rpcVerifyingEnvShape,
  ...rpcTlsEnvShape,
  ...opsPortEnvShape,
  /** Load deterministic demo data on start (used by `npm start`). */
  SEED_DEMO: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
});
export type ServiceEnv = z.infer<typeof serviceEnvSchema>;

export function servicePortSchema(defaultPort: number) {
  return z.object({ RPC_PORT: port.default(defaultPort) });
}

/** "kid:<hex>[,kid:<hex>…]", newest first. */
function keyList(hexChars: number) {
  return z
    .string()
    .regex(new RegExp(`^[A-Za-z0-9_-]+:[0-9a-fA-F]{${hexChars}}(,[A-Za-z0-9_-]+:[0-9a-fA-F]{${hexChars}})*$`), `must be "kid:${hexChars} hex chars[,kid:…]"`);
}

/**
 * Field keys (crypto/field-cipher.ts), each a list by key id whose first entry is current: SM4 keys, their MAC keys
 * (one per SM4 key id, same id) and blind-index keys. Rotation puts a new id first; `npm run rekey` moves every value.
 */
export const fieldKeysEnvSchema = z.object({
  FIELD_ENCRYPTION_KEYS: keyList(32),
  FIELD_MAC_KEYS: keyList(64),
  FIELD_INDEX_KEYS: keyList(64),
});

export { port as portSchema };

/** JWT_SECRET: shared by the user service (issues tokens) and the gateway (verifies them). */
export const authEnvSchema = z.object({
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
});

/** The station back-offices' master key (prices in the map service, inventory in the order service). */
export const backofficeEnvSchema = z.object({
  BACKOFFICE_MASTER_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters'),
});

/** Alipay OpenAPI (sign-in in the user service, payments in the payment service); the default gateway is the stand-in. */
export const alipayEnvSchema = z.object({
  ALIPAY_APP_ID: z.string().min(1),
  ALIPAY_APP_PRIVATE_KEY: z.string().includes('PRIVATE KEY', { message: 'must be a PEM private key' }),
  ALIPAY_PUBLIC_KEY: z.string().includes('PUBLIC KEY', { message: 'must be a PEM public key' }),
  ALIPAY_GATEWAY: providerEndpoint('http://127.0.0.1:4013/gateway.do'),
});
