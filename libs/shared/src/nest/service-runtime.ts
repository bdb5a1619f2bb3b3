/**
 * Starts a backend service: validated configuration, structured logs, database (migrated), hot store,
 * the TCP microservice with the RPC envelope handling, a health handler, registration in discovery, and a
 * graceful shutdown that deregisters first so the gateway stops sending work before the port closes.
 */
import 'reflect-metadata';
import { Controller, Inject, Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import type { INestMicroservice } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { assertProductionReady, checkConfigOnly, parseConfig, serviceEnvSchema, servicePortSchema, ConfigError } from '../config/config.js';
import { healthContract, testClockContract, type ServiceHealth } from '../contracts/health.js';
import type { Actor } from '../context/request-context.js';
import { DomainError, ErrorCode } from '../errors/domain-error.js';
import { requireSystem } from '../rpc/rpc-access.js';
import { clock, hasTestClock, installClockFromEnv, realTime, setTestNow } from '../time/clock.js';
import { openDataSource, poolUsage, replicaReadCounts } from '../database/data-source.js';
import { createRegistry } from '../discovery/create-registry.js';
import { DEFAULT_RPC_PORTS, SERVICE_NAMES, type ServiceName, type ServiceRegistry } from '../discovery/registry.js';
import { createHotStore, type HotStore } from '../hot/hot-store.js';
import { createLogger, NestPinoLogger, type Logger } from '../logging/logger.js';
import { Rpc, RpcActor, RpcBody, RpcContextInterceptor, RpcErrorFilter } from '../rpc/rpc-server.js';
import { AdmissionGates } from './admission.js';
import { loadCallerCredentials, ServiceClient, type CallerCredentials } from '../rpc/service-client.js';
import { parseKeyring } from '../rpc/envelope-signature.js';
import { ReplayGuard } from '../rpc/replay-guard.js';
import { rpcServerTlsOptions } from '../rpc/rpc-tls.js';
import { rpcTcpOptions } from '../rpc/transport.js';
import { gaugeOnScrape, startProcessMetrics } from '../metrics/metrics.js';
import { InFlight } from './in-flight.js';
import { KeptReplies, KeptReplies1766600000000, KeptReplyEntity } from '../idempotency/kept-replies.js';
import { startOpsServer, type OpsServer } from './ops-server.js';
import { stopOnSignals } from './shutdown.js';
import { CLOCK, HOT_STORE, LOGGER, SERVICE_ENV, SERVICE_REGISTRY } from './tokens.js';

export interface ServiceDefinition<S extends z.ZodRawShape = z.ZodRawShape> {
  name: ServiceName;
  /** Extra environment variables this service needs, validated with the common ones. */
  env?: z.ZodObject<S>;
  entities: Function[];
  migrations: Function[];
  controllers: Type[];
  providers: Provider[];
  /** Called once after migrations, before seeding and before handlers run (install ciphers, adapters…). */
  onInit?: (context: ServiceContext) => void | Promise<void>;
  /** Endpoints besides the RPC port that the service offers (registered in discovery too). */
  extraEndpoints?: (env: ServiceContext['env']) => Array<{ service: string; port: number }>;
  /**
   * Called once after migrations when SEED_DEMO is on; must be idempotent. The demo data comes from @fuel/devkit by a
   * dynamic import inside the seed, so it is loaded only then, and is not in a production build (nor installed there).
   */
  seedDemo?: (context: ServiceContext) => Promise<void>;
}

export interface ServiceContext {
  env: z.infer<typeof serviceEnvSchema> & { RPC_PORT: number } & Record<string, unknown>;
  logger: Logger;
  dataSource: DataSource;
  hotStore: HotStore;
  registry: ServiceRegistry;
  services: ServiceClient;
}

export interface RunningService extends ServiceContext {
  app: INestMicroservice;
  port: number;
  /** The operations port (/healthz, /readyz), when OPS_PORT is set. */
  opsPort?: number;
  close(): Promise<void>;
}

/** What the health RPC and the readiness probe report: whether the database and the hot store answer. */
async function probeHealth(name: string, dataSource: DataSource, hotStore: HotStore, registry: ServiceRegistry, startedAt: number): Promise<ServiceHealth> {
  const answers = (probe: Promise<unknown>) => probe.then(() => 'up' as const, () => 'down' as const);
  const [database, hot] = await Promise.all([answers(dataSource.query('SELECT 1')), answers(hotStore.ping())]);
  return {
    service: name,
    status: database === 'up' && hot === 'up' ? 'up' : 'degraded',
    database: { type: dataSource.options.type, status: database, replicaReads: replicaReadCounts(dataSource) },
    hotStore: { type: hotStore.kind, status: hot },
    registry: registry.kind,
    uptimeSeconds: Math.round((realTime.now().getTime() - startedAt) / 1000),
  };
}

function healthController(name: string, startedAt: number) {
  const contract = healthContract(name);
  const setClock = testClockContract(name);
  @Controller()
  class HealthController {
    constructor(
      private readonly dataSource: DataSource,
      @Inject(HOT_STORE) private readonly hotStore: HotStore,
      @Inject(SERVICE_REGISTRY) private readonly registry: ServiceRegistry,
    ) {}

    @Rpc(contract)
    health(): Promise<ServiceHealth> {
      return probeHealth(name, this.dataSource, this.hotStore, this.registry, startedAt);
    }

    @Rpc(setClock)
    setTestClock(@RpcBody(setClock) request: { at: string }, @RpcActor() actor: Actor | undefined): { now: string } {
      requireSystem(actor);
      if (!hasTestClock()) throw new DomainError(ErrorCode.FORBIDDEN, 'this process runs on real time (no TEST_NOW)');
      setTestNow(new Date(request.at));
      return { now: clock.now().toISOString() };
    }
  }
  return HealthController;
}

/** A service's configuration, parsed and (in production) checked against what production refuses. */
export function readServiceConfig(definition: ServiceDefinition, rawEnv: NodeJS.ProcessEnv = process.env): { env: ServiceContext['env']; credentials: CallerCredentials } {
  const schema = serviceEnvSchema.extend(servicePortSchema(DEFAULT_RPC_PORTS[definition.name]).shape).extend(
    definition.env?.shape ?? {},
  );
  const env = parseConfig(schema, rawEnv) as ServiceContext['env'];
  assertProductionReady(schema, env, { TEST_NOW: rawEnv.TEST_NOW ?? process.env.TEST_NOW });
  return { env, credentials: loadCallerCredentials(definition.name, env) };
}

export async function startService(
  definition: ServiceDefinition,
  rawEnv: NodeJS.ProcessEnv = process.env,
): Promise<RunningService> {
  const { env, credentials } = readServiceConfig(definition, rawEnv);
  // The clock is the process's: a service started inside a test process (rawEnv given) follows that process's TEST_NOW.
  installClockFromEnv({ NODE_ENV: env.NODE_ENV, TEST_NOW: rawEnv.TEST_NOW ?? process.env.TEST_NOW });
  const logger = createLogger(definition.name, env.LOG_LEVEL);
  startProcessMetrics(definition.name);
  const dataSource = await openDataSource({
    service: definition.name,
    ...env,
    // Every service may keep the replies of the client changes it makes (kept-replies.ts).
    entities: [...definition.entities, KeptReplyEntity],
    migrations: [...definition.migrations, KeptReplies1766600000000],
  });
  const hotStore = createHotStore(env);
  const registry = await createRegistry(env, logger);
  // Services call each other (the order service asks the map and user services, …): follow every one of them.
  await registry.watch(SERVICE_NAMES);
  const services = new ServiceClient({ registry, logger, ...credentials, timeoutMs: env.RPC_TIMEOUT_MS });
  const context: ServiceContext = { env, logger, dataSource, hotStore, registry, services };
  await definition.onInit?.(context);
  if (env.SEED_DEMO && definition.seedDemo) await definition.seedDemo(context);

  const startedAt = realTime.now().getTime();
  @Module({})
  class ServiceModule {}
  const module: DynamicModule = {
    module: ServiceModule,
    controllers: [...definition.controllers, healthController(definition.name, startedAt)],
    providers: [
      { provide: DataSource, useValue: dataSource },
      { provide: SERVICE_ENV, useValue: env },
      { provide: LOGGER, useValue: logger },
      { provide: HOT_STORE, useValue: hotStore },
      { provide: SERVICE_REGISTRY, useValue: registry },
      { provide: CLOCK, useValue: clock },
      // Calls to other services, signed as this service (`callAsSystem` acts as the system actor named after it).
      { provide: ServiceClient, useValue: services },
      KeptReplies,
      ...definition.providers,
    ],
  };

  const app = await NestFactory.createMicroservice<MicroserviceOptions>(module, {
    transport: Transport.TCP,
    options: { ...rpcTcpOptions(env.SERVICE_HOST, env.RPC_PORT), ...(credentials.tls ? { tlsOptions: rpcServerTlsOptions(credentials.tls) } : {}) },
    logger: new NestPinoLogger(logger),
  });
  const inFlight = new InFlight();
  gaugeOnScrape('fuel_replica_reads', 'Replica-eligible reads so far, by who served them (the primary when the replica lagged or failed)', () => {
    const counts = replicaReadCounts(dataSource);
    return counts ? [{ labels: { served_by: 'replica' }, value: counts.replica }, { labels: { served_by: 'primary' }, value: counts.primary }] : [];
  }, ['served_by']);
  gaugeOnScrape('fuel_db_pool_connections', 'Database connections by pool (primary, replica) and state (in_use, idle)', () =>
    poolUsage(dataSource).flatMap((pool) => [{ labels: { role: pool.role, state: 'in_use' }, value: pool.inUse }, { labels: { role: pool.role, state: 'idle' }, value: pool.idle }]),
  ['role', 'state']);
  gaugeOnScrape('fuel_db_pool_waiting', 'Queries waiting for a database connection (the pool is exhausted)', () => poolUsage(dataSource).map((pool) => ({ labels: { role: pool.role }, value: pool.waiting })), ['role']);
  app.useGlobalInterceptors(new RpcContextInterceptor(logger, { keyring: parseKeyring(env.RPC_PUBLIC_KEYS), replays: new ReplayGuard(hotStore), production: env.NODE_ENV === 'production', tls: Boolean(credentials.tls), gates: new AdmissionGates(definition.name, { concurrency: env.ADMISSION_CONCURRENCY, queueMs: env.ADMISSION_QUEUE_MS }) }, inFlight));
  app.useGlobalFilters(new RpcErrorFilter(logger));
  await app.listen();
  await registry.register({ service: definition.name, host: env.SERVICE_HOST, port: env.RPC_PORT });
  for (const endpoint of definition.extraEndpoints?.(env) ?? []) {
    await registry.register({ ...endpoint, host: env.SERVICE_HOST });
  }
  // Leaving: not ready, out of discovery, and (with Nacos) time for callers to see it go, while what they still
  // send is served. The preStop hook (/drain) starts it before SIGTERM; SIGTERM alone does it too.
  let draining: Promise<void> | undefined;
  const drain = () =>
    (draining ??= (async () => {
      ops?.drain();
      await registry.deregister().catch((error) => logger.warn({ err: error }, 'deregistration failed'));
      if (registry.kind === 'nacos') await new Promise((resolve) => setTimeout(resolve, env.DRAIN_WAIT_MS));
    })());
  // Ready while the database answers: without it a service can do nothing; without Redis it works on, degraded.
  const ops: OpsServer | undefined = env.OPS_PORT === undefined ? undefined : await startOpsServer({
    host: env.OPS_HOST,
    port: env.OPS_PORT,
    logger,
    readiness: async () => {
      const report = await probeHealth(definition.name, dataSource, hotStore, registry, startedAt);
      return { ready: report.database.status === 'up', report };
    },
    onDrain: drain,
  });
  logger.info({ port: env.RPC_PORT, opsPort: ops?.port, database: dataSource.options.type, hotStore: hotStore.kind }, 'service started');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await drain();
      // What callers sent before they saw it go is answered before the port and the connections close (a caller
      // has given up on anything older than its RPC timeout).
      if (!(await inFlight.idle(env.RPC_TIMEOUT_MS))) logger.warn({ inFlight: inFlight.size }, 'closing with calls still in flight');
      await registry.close().catch((error) => logger.warn({ err: error }, 'discovery close failed'));
      await app.close();
      await services.onModuleDestroy();
      await hotStore.close();
      if (dataSource.isInitialized) await dataSource.destroy();
      await ops?.close();
      logger.info('service stopped');
    })());
  return { ...context, app, port: env.RPC_PORT, opsPort: ops?.port, close };
}

/** main.ts entry: starts the service and stops it cleanly on SIGINT/SIGTERM. */
export async function runServiceMain(definition: ServiceDefinition): Promise<void> {
  // A supervisor that went away must not turn our log writes into a crash mid-shutdown.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  checkConfigOnly(definition.name, () => readServiceConfig(definition));
  let running: RunningService;
  try {
    running = await startService(definition);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${definition.name}: ${error.message}\n`);
      process.exit(78);
    }
    process.stderr.write(`${definition.name}: failed to start: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  }
  stopOnSignals(running.logger, running.close);
}
