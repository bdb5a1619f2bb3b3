/**
 * The gateway: the only public HTTP entry. REST under /api/v1, OpenAPI at /api/docs (UI) and /api/docs-json.
 * Backends are reached through ServiceClient (discovery + timeout); guards and validation run here.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { IdempotencyInterceptor } from './http/idempotency.interceptor.js';
import { AccessGuard } from './guards/access.js';
import { StaffAuditInterceptor } from './guards/staff-audit.js';
import helmet from '@fastify/helmet';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import {
  AdmissionGates,
  ErrorCode,
  ServiceClient,
  acceptRequestId,
  createLogger,
  createHotStore,
  createRegistry,
  HOT_STORE,
  DomainError,
  LOGGER,
  MAP_WS_SERVICE,
  NestPinoLogger,
  SERVICE_NAMES,
  SERVICE_REGISTRY,
  startOpsServer,
  startProcessMetrics,
  httpDuration,
  httpRequests,
  type CallerCredentials,
  type HotStore,
  type Logger,
  type ServiceRegistry,
} from '@fuel/shared';
import { GATEWAY_ENV, type GatewayEnv } from './config/gateway-env.js';
import { keepRawBody } from './http/raw-body.js';
import { HttpErrorFilter } from './http/error-filter.js';
import { RequestContextInterceptor } from './http/request-context.interceptor.js';
import { RateLimitGuard, RateLimits } from './http/rate-limits.js';
import { HealthController } from './modules/health/health.controller.js';
import { attachUpgrades, PRICE_CHANNEL_PATH, priceChannel } from './ws/price-channel.js';
import { STAFF_CHANNEL_PATH, staffChannel } from './ws/staff-channel.js';
import { gatewayModules } from './modules/index.js';
import { StationsEdge } from './modules/stations/stations-edge.js';
import { testClockControllers } from './modules/test-clock/test-clock.controller.js';

export interface Gateway {
  app: NestFastifyApplication;
  logger: Logger;
  registry: ServiceRegistry;
  url: string;
  /** The operations port (/healthz, /readyz), when OPS_PORT is set. */
  opsPort?: number;
  close(): Promise<void>;
}

@Module({})
class GatewayModule {}

function gatewayModule(env: GatewayEnv, logger: Logger, registry: ServiceRegistry, hotStore: HotStore, rateLimits: RateLimits, credentials: CallerCredentials): DynamicModule {
  const modules = gatewayModules();
  return {
    module: GatewayModule,
    controllers: [HealthController, ...modules.controllers, ...testClockControllers()],
    providers: [
      { provide: GATEWAY_ENV, useValue: env },
      { provide: LOGGER, useValue: logger },
      { provide: SERVICE_REGISTRY, useValue: registry },
      {
        provide: ServiceClient,
        useFactory: () => new ServiceClient({ registry, logger, ...credentials, timeoutMs: env.RPC_TIMEOUT_MS }),
      },
      { provide: HOT_STORE, useValue: hotStore },
      { provide: APP_GUARD, useClass: AccessGuard },
      { provide: RateLimits, useValue: rateLimits },
      // After the access guard: the per-account limits need the account.
      { provide: APP_GUARD, useClass: RateLimitGuard },
      // After the guard, so the caller is known; before the handler: a malformed Idempotency-Key is refused.
      { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      // A repeated request is audited again: each is a request the staff member made (the service answers it once).
      { provide: APP_INTERCEPTOR, useClass: StaffAuditInterceptor },
      ...modules.providers,
    ],
  };
}

function setUpOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('加油站小程序 API')
    .setDescription('Gateway REST API. Errors: {"error":{"code","message","details","requestId"}}.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

export async function createGateway(env: GatewayEnv, credentials: CallerCredentials): Promise<Gateway> {
  const logger = createLogger('gateway', env.LOG_LEVEL);
  startProcessMetrics('gateway');
  const registry = await createRegistry(env, logger);
  const hotStore = createHotStore(env);
  await registry.watch([...SERVICE_NAMES, MAP_WS_SERVICE]);
  const tls = env.TLS_CERT_FILE && env.TLS_KEY_FILE ? { cert: readFileSync(env.TLS_CERT_FILE), key: readFileSync(env.TLS_KEY_FILE), minVersion: 'TLSv1.2' as const } : undefined;
  const adapter = new FastifyAdapter({
    ...(tls ? { https: tls } : {}),
    logger: false,
    bodyLimit: 256 * 1024,
    ...(env.TRUST_PROXY.length ? { trustProxy: env.TRUST_PROXY } : {}),
    // No requestIdHeader: Fastify would then take any client value as is; genReqId checks it.
    genReqId: (request: { headers: Record<string, unknown> }) => acceptRequestId(request.headers['x-request-id']),
  });
  const rateLimits = new RateLimits(env);
  const app = await NestFactory.create<NestFastifyApplication>(gatewayModule(env, logger, registry, hotStore, rateLimits, credentials), adapter, {
    logger: new NestPinoLogger(logger),
    bufferLogs: false,
    bodyParser: false, // the JSON parser is ours (below)
  });
  app.setGlobalPrefix('api/v1', { exclude: ['api/docs', 'api/docs-json'] });
  app.useGlobalFilters(new HttpErrorFilter(logger));
  app.useGlobalInterceptors(new RequestContextInterceptor());
  const origins = env.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  if (origins.length) app.enableCors({ origin: origins, exposedHeaders: ['x-request-id'] });
  // Security headers on every response (@fastify/helmet): no MIME sniffing, no framing, no referrer leaks. HSTS
  // only when the gateway itself serves HTTPS (behind a TLS terminator, that terminator sends it). The API answers
  // JSON; the OpenAPI page's scripts are why the content policy is left to the page itself.
  await app.register(helmet, { contentSecurityPolicy: false, crossOriginEmbedderPolicy: false, frameguard: { action: 'deny' }, hsts: tls ? { maxAge: 31_536_000, includeSubDomains: true } : false });
  const fastify = app.getHttpAdapter().getInstance();
  await rateLimits.install(fastify, hotStore);
  // Our own JSON parser, so that a broken or empty body is a VALIDATION_FAILED naming "body".
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    keepRawBody(request, body as string);
    if (body === '') return done(DomainError.invalid([{ field: 'body', message: '不能为空' }], '请求体不能为空'), undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(DomainError.invalid([{ field: 'body', message: '不是有效的 JSON' }], '请求体不是有效的 JSON'), undefined);
    }
  });
  // Forms only where a provider sends them (Alipay's notifications): kept as text for its signature check.
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (request, body, done) => {
    if (!keepRawBody(request, body as string)) return done(DomainError.invalid([{ field: 'body', message: '请使用 JSON 格式' }], '请求体格式不受支持'), undefined);
    done(null, {});
  });
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Admission first, before the body is read or anything is looked up: a route with too much running refuses the
  // request while it has changed nothing (503 + Retry-After); health and metrics always answer.
  const admission = new AdmissionGates('gateway', { concurrency: env.ADMISSION_CONCURRENCY, queueMs: env.ADMISSION_QUEUE_MS });
  fastify.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions.url;
    if (!route || route.endsWith('/health')) return;
    const release = await admission.enter(`${request.method} ${route}`);
    if (release) {
      reply.raw.once('close', release);
      return;
    }
    await reply.code(503).header('retry-after', '1').send({ error: { code: ErrorCode.SERVICE_UNAVAILABLE, message: '当前人数较多，请稍后再试', details: { overloaded: true }, requestId: request.id } });
  });
  fastify.addHook('onResponse', async (request, reply) => {
    // The route's template, never the raw URL (ids would make a series per order); unmatched paths share one.
    const route = request.routeOptions.url ?? 'unmatched';
    httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    logger.info(
      { requestId: request.id, method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });
  const services = app.get(ServiceClient);
  const closeSockets = attachUpgrades(app.getHttpServer(), {
    [PRICE_CHANNEL_PATH]: await priceChannel({ registry, hotStore, services, edge: app.get(StationsEdge), logger, heartbeatMs: env.WS_HEARTBEAT_MS }),
    // The staff channel needs the order service's announcements: only with a shared hot store (else screens poll).
    ...(hotStore.kind === 'redis'
      ? { [STAFF_CHANNEL_PATH]: staffChannel({ hotStore, services, jwtSecret: env.JWT_SECRET, logger, heartbeatMs: env.WS_HEARTBEAT_MS, sessionCheckMs: env.STAFF_CHANNEL_SESSION_CHECK_MS }) }
      : {}),
  });
  setUpOpenApi(app);
  app.enableShutdownHooks();
  await app.listen(env.PORT, env.HOST);
  const address = fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  // The gateway owns no database: it is ready to take requests while it is not draining (a service that is down
  // answers 503 on its own routes; taking every gateway out with it would turn one outage into all of them).
  const ops = env.OPS_PORT === undefined ? undefined : await startOpsServer({
    host: env.OPS_HOST,
    port: env.OPS_PORT,
    logger,
    readiness: async () => ({ ready: true, report: { hotStore: { type: hotStore.kind, status: await hotStore.ping().then(() => 'up', () => 'down') } } }),
    // Not ready from now on: the ingress takes this gateway out of its endpoints before SIGTERM closes it.
    onDrain: () => new Promise((resolve) => setTimeout(resolve, env.DRAIN_WAIT_MS)),
  });
  logger.info({ port, opsPort: ops?.port }, 'gateway started');
  let closing: Promise<void> | undefined;
  return {
    app,
    logger,
    registry,
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    opsPort: ops?.port,
    close: () =>
      (closing ??= (async () => {
        ops?.drain();
        await closeSockets();
        await app.close();
        await registry.close();
        await hotStore.close();
        await ops?.close();
      })()),
  };
}
