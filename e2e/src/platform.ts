/**
 * Boots the whole platform for end-to-end tests: the four services and the gateway as separate processes
 * (their built dist/), each service with its own throwaway MariaDB database, all sharing a unique Redis
 * prefix, on free ports. Tests talk to the gateway over HTTP and can stop, freeze or restart a service.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { loadRpcTls, rpcRoute, signRpcMeta, signStationToken, stationSecret, testClockContract, type Actor, type ReplicaReads, type ServiceHealth } from '@fuel/shared';
import { DEV_BACKOFFICE_MASTER_KEY, developmentEnv, devRpcIdentity } from '@fuel/devkit';
import {
  createAuditWriter,
  createThrowawayDatabase,
  databaseUrl,
  freePort,
  TEST_MYSQL_REPLICA_URL,
  TEST_MYSQL_URL,
  TEST_REDIS_URL,
  uniqueRedisPrefix,
  type ThrowawayDatabase,
} from '@fuel/devkit/testing';
import { Replica } from './replica.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SERVICES = ['user', 'order', 'payment', 'map'] as const;
export type Service = (typeof SERVICES)[number];

interface Proc {
  child: ChildProcess;
  logs: string[];
}

export interface PlatformOptions {
  /**
   * How long the gateway waits for a service. Suites that test a hung or missing service set a short one; the
   * rest get more than production's 3 s: a suite's first sign-in (a code exchange, a member and two coupons
   * written, cold queries) took over 1.5 s on a 2-core machine busy with two other suites and a webpack build.
   */
  rpcTimeoutMs?: number;
  env?: Record<string, string>;
  /** Extra node flags for every process (e.g. --cpu-prof for profiling in bench/). */
  nodeArgs?: string[];
  /** The gateway serves HTTPS/WSS with this certificate and key (PEM files); `ca` verifies it. */
  gatewayTls?: { certFile: string; keyFile: string; ca: string };
  /**
   * The MySQL server for the services' databases and, optionally, a GTID replica of it that every service reads
   * from (`lag`: applying on the replica pauses and resumes all the while). Defaults: TEST_MYSQL_URL,
   * TEST_MYSQL_REPLICA_URL and E2E_REPLICA_LAG=1, which `npm test` sets for its run on a real replica.
   */
  mysql?: { serverUrl: string; replicaUrl?: string; lag?: boolean };
  /** The Redis every process shares (default TEST_REDIS_URL): a private one for tests that stop it. */
  redisUrl?: string;
  /**
   * The instant every process's clock starts at (TEST_NOW, ISO with a zone), from where it runs on and can be moved
   * with `setClock`. Default: the TEST_NOW `npm test` runs under, if any, else real time (and `setClock` refuses).
   */
  now?: string;
  /**
   * Mutual TLS for RPC: a test CA (openssl) and one certificate per process (CN = gateway, user, …, e2e for the
   * tests' own calls), in this folder; every process gets its own (RPC_TLS_*).
   */
  rpcTlsDir?: string;
}

/** RPC certificates for `names` under `dir` (CN = the name), from a CA made there: what `rpcTlsDir` expects. */
export function makeRpcCertificates(dir: string, names: readonly string[] = ['gateway', ...SERVICES, 'e2e']): void {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=fuel-rpc-test-ca');
  for (const name of names) {
    openssl('req', ...ec, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2');
  }
}

/** A process's RPC TLS environment from a folder `makeRpcCertificates` filled. */
export function rpcTlsEnv(dir: string, name: string): Record<string, string> {
  return { RPC_TLS_CERT_FILE: join(dir, `${name}.pem`), RPC_TLS_KEY_FILE: join(dir, `${name}-key.pem`), RPC_TLS_CA_FILE: join(dir, 'ca.pem') };
}

export class Platform {
  readonly procs = new Map<string, Proc>();
  /** Each process's operations port (/healthz, /readyz, /drain, /metrics), by process name. */
  readonly opsPorts = new Map<string, number>();
  private constructor(
    readonly gatewayPort: number,
    readonly rpcPorts: Record<Service, number>,
    readonly databases: Record<Service, ThrowawayDatabase>,
    readonly redisPrefix: string,
    private readonly options: PlatformOptions,
    readonly smsPort: number,
    readonly wsPort: number,
    readonly baiduPort: number,
    readonly wechatPort: number,
    readonly alipayPort: number,
    readonly wechatPayPort: number,
    readonly logisticsPort: number,
    readonly auditWriter: { url: string; grant(): Promise<void>; drop(): Promise<void> },
  ) {}

  /**
   * Calls a service directly over its TCP transport (Nest's framing: `<length>#<json>`), as another service
   * would (the envelope signed with that process's development key; the test harness's for anything but a
   * `system` actor): for what has no gateway route yet.
   */
  async rpc<T>(service: Service, pattern: string, data: unknown, actor: Actor = { kind: 'system', id: 'e2e' }): Promise<T> {
    const signer = devRpcIdentity(actor.kind === 'system' ? (actor.id as Parameters<typeof devRpcIdentity>[0]) : 'e2e');
    const meta = signRpcMeta(signer, pattern, { requestId: 'e2e-rpc-0001', actor }, data);
    return this.rawRpc<T>(service, pattern, { meta, data }, { as: signer.name });
  }

  /** A station back-office's price push through the gateway, its token signing this very request. */
  backofficePrices(stationId: number, body: unknown): Promise<Response> {
    const path = `/api/v1/backoffice/stations/${stationId}/prices`;
    const token = signStationToken(stationId, stationSecret(DEV_BACKOFFICE_MASTER_KEY, stationId), { method: 'POST', path, body });
    return this.request('POST', path, { json: body, headers: { 'x-station-token': token } });
  }

  /**
   * Sends an envelope exactly as given (signed or not) to a service's RPC port: over mutual TLS as the test harness
   * when the platform runs RPC over TLS (`as` another process's certificate), else, or with `plain`, over bare TCP.
   */
  async rawRpc<T>(service: Service, pattern: string, envelope: unknown, connection: { plain?: boolean; as?: string } = {}): Promise<T> {
    const port = this.rpcPorts[service];
    const tlsDir = connection.plain ? undefined : this.options.rpcTlsDir;
    const socket = tlsDir
      ? (await import('node:tls')).connect({ port, host: '127.0.0.1', ...loadRpcTls(rpcTlsEnv(tlsDir, connection.as ?? 'e2e')), checkServerIdentity: () => undefined })
      : (await import('node:net')).connect(port, '127.0.0.1');
    return new Promise<T>((resolve, reject) => {
      const packet = JSON.stringify({ pattern: JSON.stringify(rpcRoute({ pattern })), data: envelope, id: '1' });
      let buffer = '';
      socket.on(tlsDir ? 'secureConnect' : 'connect', () => socket.write(`${Buffer.byteLength(packet)}#${packet}`));
      socket.on('data', (chunk) => {
        buffer += chunk.toString('utf8');
        const hash = buffer.indexOf('#');
        if (hash < 0 || Buffer.byteLength(buffer.slice(hash + 1)) < Number(buffer.slice(0, hash))) return;
        const reply = JSON.parse(buffer.slice(hash + 1)) as { response?: T; err?: unknown };
        socket.end();
        if (reply.err) reject(reply.err);
        else resolve(reply.response as T);
      });
      socket.on('error', reject);
      socket.on('close', () => reject(Object.assign(new Error('the connection closed without an answer'), { code: 'CLOSED' })));
    });
  }

  /** Where the platform's test clock was last set (its start, or `setClock`), and the real time it was set at. */
  private clockAnchor?: { at: number; real: number };

  /** Whether the processes run on a test clock (PlatformOptions.now, or the TEST_NOW npm test runs under). */
  get onTestClock(): boolean {
    return Boolean(this.options.now ?? process.env.TEST_NOW);
  }

  /** The platform's time now (what its clock reads): for test data that must be "current" to the services. */
  get now(): Date {
    const start = this.options.now ?? process.env.TEST_NOW;
    if (!start) return new Date();
    this.clockAnchor ??= { at: Date.parse(start), real: Date.now() };
    return new Date(this.clockAnchor.at + Date.now() - this.clockAnchor.real);
  }

  /** Moves every process's clock (the gateway's and each service's) to `at`; it runs on from there. */
  async setClock(at: string | Date): Promise<void> {
    const instant = new Date(at);
    await Promise.all(SERVICES.map((name) => this.rpc(name, testClockContract(name).pattern, { at: instant.toISOString() })));
    const response = await this.request('PUT', '/api/v1/_test/clock', { json: { at: instant.toISOString() } });
    if (response.status !== 200) throw new Error(`setClock ${String(at)}: ${response.status} ${await response.text()}`);
    this.clockAnchor = { at: instant.getTime(), real: Date.now() };
  }

  /** Signs a member in through WeChat (the stand-in maps `dev-<name>` to a stable openid). */
  async memberSession(code: string): Promise<{ accessToken: string; refreshToken: string; user: { id: number; tier: string } }> {
    const response = await this.request('POST', '/api/v1/auth/wechat/login', { json: { code } });
    if (response.status !== 200) throw new Error(`member login ${code}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<{ accessToken: string; refreshToken: string; user: { id: number; tier: string } }>;
  }

  /** Signs a demo staff member in (password, then the SMS code the stand-in received) and returns the token. */
  async staffToken(username: string, phone: string): Promise<string> {
    const login = await this.request('POST', '/api/v1/staff/auth/login', { json: { username, password: 'Fuel@2026' } });
    if (login.status !== 200) throw new Error(`login ${username}: ${login.status} ${await login.text()}`);
    const { challengeId } = (await login.json()) as { challengeId: string };
    const code = (await this.smsTo(phone)).at(-1)!.params.code;
    const verify = await this.request('POST', '/api/v1/staff/auth/verify', { json: { challengeId, code } });
    return ((await verify.json()) as { accessToken: string }).accessToken;
  }

  get alipayUrl(): string {
    return `http://127.0.0.1:${this.alipayPort}`;
  }

  get logisticsUrl(): string {
    return `http://127.0.0.1:${this.logisticsPort}`;
  }

  get wechatPayUrl(): string {
    return `http://127.0.0.1:${this.wechatPayPort}`;
  }

  get priceChannelUrl(): string {
    return `ws://127.0.0.1:${this.gatewayPort}/ws/prices`;
  }

  /** Text messages the SMS stand-in has "delivered" to a phone number. */
  async smsTo(phone: string): Promise<Array<{ params: Record<string, string> }>> {
    return (await fetch(`http://127.0.0.1:${this.smsPort}/_standin/messages?phone=${phone}`)).json() as Promise<Array<{ params: Record<string, string> }>>;
  }

  get url(): string {
    return `${this.options.gatewayTls ? 'https' : 'http'}://127.0.0.1:${this.gatewayPort}`;
  }

  /** The gateway's health status code (over HTTPS with the test CA when the gateway serves TLS). */
  private async healthStatus(): Promise<number> {
    const tls = this.options.gatewayTls;
    if (!tls) return (await fetch(`${this.url}/api/v1/health`)).status;
    const { get } = await import('node:https');
    return new Promise((resolve, reject) => {
      get(`${this.url}/api/v1/health`, { ca: tls.ca }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      }).on('error', reject);
    });
  }

  static async start(options: PlatformOptions = {}): Promise<Platform> {
    const rpcPorts = {} as Record<Service, number>;
    const databases = {} as Record<Service, ThrowawayDatabase>;
    const mysql = (options.mysql ??= { serverUrl: TEST_MYSQL_URL, replicaUrl: TEST_MYSQL_REPLICA_URL, lag: process.env.E2E_REPLICA_LAG === '1' });
    for (const name of SERVICES) {
      rpcPorts[name] = await freePort();
      databases[name] = await createThrowawayDatabase(`e2e_${name}`, mysql.serverUrl);
    }
    const auditWriter = await createAuditWriter(databases.user);
    const platform = new Platform(await freePort(), rpcPorts, databases, uniqueRedisPrefix('e2e'), options, await freePort(), await freePort(), await freePort(), await freePort(), await freePort(), await freePort(), await freePort(), auditWriter);
    // A platform that fails to start stops what it did start: its processes would otherwise keep the suite's
    // process alive after the failure is reported, and the run would wait for it forever.
    try {
      platform.launch('standins', join(repoRoot, 'libs/devkit/dist/bundle/standins.mjs'), {
        STANDIN_SMS_PORT: String(platform.smsPort),
        STANDIN_BAIDU_PORT: String(platform.baiduPort),
        STANDIN_WECHAT_PORT: String(platform.wechatPort),
        STANDIN_ALIPAY_PORT: String(platform.alipayPort),
        STANDIN_WECHATPAY_PORT: String(platform.wechatPayPort),
        STANDIN_LOGISTICS_PORT: String(platform.logisticsPort),
        STANDIN_LOGISTICS_STEP_MS: '300',
        STANDIN_NOTIFY_RETRY_MS: '200,400,800,1600',
      });
      await waitFor(async () => (await isPortOpen(platform.smsPort)) && (await isPortOpen(platform.baiduPort)) && (await isPortOpen(platform.wechatPort)) && (await isPortOpen(platform.alipayPort)) && (await isPortOpen(platform.wechatPayPort)) && (await isPortOpen(platform.logisticsPort)), 30_000, 'stand-ins');
      // The services connect to the replica at start: it must have the new databases first.
      await platform.replica?.caughtUp();
      await Promise.all(SERVICES.map((name) => platform.startService(name)));
      await auditWriter.grant();
      await platform.startGateway();
      if (mysql.lag) platform.replica?.startLagCycle();
    } catch (error) {
      await platform.close().catch(() => undefined);
      throw error;
    }
    return platform;
  }

  /** Each service's replica-eligible reads so far: served by the replica, and by the primary (from their health). */
  async replicaReads(): Promise<Record<Service, ReplicaReads>> {
    const health = (await (await this.request('GET', '/api/v1/health')).json()) as { services: Record<Service, ServiceHealth> };
    return Object.fromEntries(SERVICES.map((name) => [name, health.services[name]?.database?.replicaReads ?? { replica: 0, primary: 0 }])) as Record<Service, ReplicaReads>;
  }

  /** Prints how many replica-eligible reads each service served from the replica, and how many from the primary. */
  private async reportReplicaReads(): Promise<void> {
    try {
      const reads = await this.replicaReads();
      const counts = SERVICES.map((name) => `${name} ${reads[name].replica}/${reads[name].primary}`);
      console.log(`[replica] reads served by the replica / by the primary (lagging or unreachable replica): ${counts.join(', ')}`);
    } catch {
      // the gateway is down at the end of a suite that stopped it: nothing to report
    }
  }

  /** The real replica the services read from, when this platform has one. */
  get replica(): Replica | undefined {
    const { serverUrl, replicaUrl } = this.options.mysql!;
    return replicaUrl ? (this.replicaControl ??= new Replica(serverUrl, replicaUrl)) : undefined;
  }
  private replicaControl?: Replica;

  /** Starts (or restarts, after `stopService('gateway')`) the gateway on its port and waits until all is healthy. */
  async startGateway(): Promise<void> {
    this.launch('gateway', join(repoRoot, 'services/gateway/dist/bundle/main.mjs'), {
      ...this.gatewayEnv(this.gatewayPort),
      ...(await this.opsEnv('gateway')),
      ...(this.options.gatewayTls ? { TLS_CERT_FILE: this.options.gatewayTls.certFile, TLS_KEY_FILE: this.options.gatewayTls.keyFile } : {}),
    });
    await this.waitUntilHealthy(60_000);
  }

  private gatewayEnv(port: number): Record<string, string> {
    return { PORT: String(port), HOST: '127.0.0.1', RPC_TIMEOUT_MS: String(this.options.rpcTimeoutMs ?? 5000) };
  }

  /** Starts a second gateway (same services, same Redis) on a port of its own; returns its base URL once it is up. */
  async startAnotherGateway(name: string, env: Record<string, string> = {}): Promise<string> {
    const port = await freePort();
    this.launch(name, join(repoRoot, 'services/gateway/dist/bundle/main.mjs'), { ...this.gatewayEnv(port), ...(await this.opsEnv(name)), ...env });
    const url = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${url}/api/v1/health`).catch(() => undefined))?.status === 200, 60_000, `${name} healthy`);
    return url;
  }

  private get serviceAddresses(): string {
    return [...SERVICES.map((name) => `${name}=127.0.0.1:${this.rpcPorts[name]}`), `map-ws=127.0.0.1:${this.wsPort}`].join(',');
  }

  private launch(name: string, script: string, env: Record<string, string>): Proc {
    const child = spawn(process.execPath, [...(this.options.nodeArgs ?? []), script], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        // Each process signs its calls with its own key: the gateway's, or its service's (user-3 is a user instance).
        ...developmentEnv(rpcNameOf(script)),
        ...(this.options.rpcTlsDir && rpcNameOf(script) ? rpcTlsEnv(this.options.rpcTlsDir, rpcNameOf(script)!) : {}),
        ...(this.onTestClock ? { TEST_NOW: this.now.toISOString() } : {}),
        SERVICE_ADDRESSES: this.serviceAddresses,
        REDIS_URL: this.options.redisUrl ?? TEST_REDIS_URL,
        REDIS_PREFIX: this.redisPrefix,
        // Suites sign the same staff in more than once a minute; the staff suite runs with the real interval.
        STAFF_SMS_MIN_INTERVAL_SECONDS: '0',
        STAFF_SMS_DAILY_CAP: '100',
        // Every test request comes from 127.0.0.1 and suites rush hundreds at once; the rate-limit suite sets its own.
        RATE_LIMIT_SIGNIN_PER_IP: '100000',
        RATE_LIMIT_SIGNIN_PER_USERNAME: '100000',
        RATE_LIMIT_WRITES_PER_IP: '100000',
        RATE_LIMIT_WRITES_PER_ACCOUNT: '100000',
        // Suites fire many requests at once on a loaded machine: they wait for a place rather than be refused (the
        // overload suite sets its own limits). The longest the configuration allows: the mall suite's 300 orders at
        // once on the lagging replica, beside two other suites, took 18–20 s, and 15 s left its last ones refused.
        ADMISSION_QUEUE_MS: '30000',
        ...this.options.env,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc: Proc = { child, logs: [] };
    const collect = (chunk: Buffer) => proc.logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.procs.set(name, proc);
    return proc;
  }

  /** Starts (or restarts) one service and waits until it accepts connections. */
  async startService(name: Service): Promise<void> {
    await this.startInstance(name, name, this.rpcPorts[name], name === 'map' ? { WS_PORT: String(this.wsPort) } : {});
  }

  /** An operations port of its own for a process (kept across restarts). */
  private async opsEnv(name: string): Promise<Record<string, string>> {
    if (!this.opsPorts.has(name)) this.opsPorts.set(name, await freePort());
    return { OPS_PORT: String(this.opsPorts.get(name)), OPS_HOST: '127.0.0.1' };
  }

  /** A process's Prometheus metrics, as its operations port serves them. */
  async metrics(name: string): Promise<string> {
    const response = await fetch(`http://127.0.0.1:${this.opsPorts.get(name)}/metrics`);
    assert.equal(response.status, 200, `${name} /metrics`);
    return response.text();
  }

  /** Starts another instance of a service (same database) under its own process name and port. */
  async startInstance(service: Service, name: string, port: number, env: Record<string, string> = {}): Promise<void> {
    this.launch(name, join(repoRoot, `services/${service}/dist/bundle/main.mjs`), {
      ...(await this.opsEnv(name)),
      RPC_PORT: String(port),
      DATABASE_URL: this.databases[service].url,
      ...(this.options.mysql!.replicaUrl ? { DATABASE_REPLICA_URL: databaseUrl(this.options.mysql!.replicaUrl, this.databases[service].name) } : {}),
      SEED_DEMO: 'true',
      SMS_ENDPOINT: `http://127.0.0.1:${this.smsPort}/`,
      BAIDU_MAP_ENDPOINT: `http://127.0.0.1:${this.baiduPort}`,
      WECHAT_API_BASE: `http://127.0.0.1:${this.wechatPort}`,
      ALIPAY_GATEWAY: `http://127.0.0.1:${this.alipayPort}/gateway.do`,
      WECHATPAY_API_BASE: `http://127.0.0.1:${this.wechatPayPort}`,
      WECHATPAY_NOTIFY_URL: `http://127.0.0.1:${this.gatewayPort}/api/v1/payments/wechat/notify`,
      ALIPAY_NOTIFY_URL: `http://127.0.0.1:${this.gatewayPort}/api/v1/payments/alipay/notify`,
      LOGISTICS_API_BASE: `http://127.0.0.1:${this.logisticsPort}`,
      LOGISTICS_CALLBACK_URL: `http://127.0.0.1:${this.gatewayPort}/api/v1/logistics/kuaidi100/callback`,
      ...(service === 'user' ? { AUDIT_DATABASE_URL: this.auditWriter.url } : {}),
      ...env,
    });
    await waitFor(async () => (await isPortOpen(port)) || this.exited(name), 60_000, `${name} to listen`);
    if (this.exited(name)) throw new Error(`${name} exited at start:\n${this.logs(name).slice(-20).join('\n')}`);
  }

  private exited(name: string): boolean {
    const child = this.procs.get(name)?.child;
    return !child || child.exitCode !== null || child.signalCode !== null;
  }

  async stopService(name: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const proc = this.procs.get(name);
    if (!proc || this.exited(name)) return;
    await new Promise<void>((resolve) => {
      proc.child.once('exit', () => resolve());
      proc.child.kill(signal);
    });
  }

  /** SIGSTOP/SIGCONT: the process keeps its port open but answers nothing (a hung service). */
  freeze(name: string, frozen: boolean): void {
    this.procs.get(name)?.child.kill(frozen ? 'SIGSTOP' : 'SIGCONT');
  }

  logs(name: string): string[] {
    return this.procs.get(name)?.logs ?? [];
  }

  async waitUntilHealthy(timeoutMs: number): Promise<void> {
    await waitFor(
      async () => {
        try {
          return (await this.healthStatus()) === 200;
        } catch {
          return false;
        }
      },
      timeoutMs,
      'all services healthy',
    );
  }

  request(method: string, path: string, init: { body?: string; json?: unknown; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...init.headers };
    let body = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] = 'application/json';
    }
    return fetch(`${this.url}${path}`, { method, headers, body });
  }

  /**
   * Runs an operations tool of @fuel/ops (`libs/ops/dist/src/<script>`) against this platform's databases, with the
   * development field keys unless `env` gives others; returns its exit code and output.
   */
  async opsTool(script: string, args: string[] = [], env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
    const { execFile } = await import('node:child_process');
    const tls = this.options.env?.DATABASE_TLS_CA_FILE;
    const { FIELD_ENCRYPTION_KEYS, FIELD_MAC_KEYS, FIELD_INDEX_KEYS } = developmentEnv();
    const toolEnv = {
      ...process.env,
      ...(tls ? { DATABASE_TLS_CA_FILE: tls } : {}),
      ...Object.fromEntries(SERVICES.map((name) => [`${name.toUpperCase()}_DATABASE_URL`, this.databases[name].url])),
      FIELD_ENCRYPTION_KEYS,
      FIELD_MAC_KEYS,
      FIELD_INDEX_KEYS,
      ...env,
    };
    return new Promise((resolve) =>
      execFile(process.execPath, [join(repoRoot, 'libs/ops/dist/src', script), ...args], { env: toolEnv }, (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out: stdout + stderr })),
    );
  }

  /**
   * Runs `npm run verify` (sealed fields included) against this platform's databases until it reports nothing
   * (events still on their way settle within `settleMs`); returns its last exit code and output.
   */
  async verify(settleMs = 15_000, env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
    const once = () => this.opsTool('verify/main.js', [], env);
    const deadline = Date.now() + settleMs;
    let result = await once();
    while (result.code !== 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      result = await once();
    }
    return result;
  }

  async close(): Promise<void> {
    if (this.replica) await this.reportReplicaReads();
    if (this.options.mysql!.lag) await this.replica?.stopLagCycle();
    for (const name of this.procs.keys()) this.freeze(name, false);
    await Promise.all([...this.procs.keys()].map((name) => this.stopService(name)));
    await Promise.all(Object.values(this.databases).map((db) => db.drop()));
    await this.auditWriter.drop();
    const tlsCa = this.options.env?.REDIS_TLS_CA_FILE;
    const redis = new Redis(this.options.redisUrl ?? TEST_REDIS_URL, tlsCa ? { tls: { ca: readFileSync(tlsCa, 'utf8') } } : {});
    const keys = await redis.keys(`${this.redisPrefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
}

/** The last test of a suite: `npm run verify` finds nothing in the databases the suite's platform used. */
export function itLeavesEverythingConsistent(platform: () => Platform): void {
  it('leaves every ledger, payment, coupon, event and audit record consistent (npm run verify)', async () => {
    const result = await platform().verify();
    assert.equal(result.code, 0, result.out);
  });
}

/** The sum of a metric's samples whose labels include these (Prometheus text format); 0 when there are none. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const match of text.matchAll(new RegExp(`^${name}(?:\\{([^}]*)\\})? (\\S+)$`, 'gm'))) {
    const own = Object.fromEntries([...(match[1] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([key, value]) => own[key] === value)) sum += Number(match[2]);
  }
  return sum;
}

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function isPortOpen(port: number): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Who a launched script is when it signs RPC calls: the gateway or a service, by its path; nobody otherwise. */
function rpcNameOf(script: string): Parameters<typeof developmentEnv>[0] {
  const service = /services\/(gateway|user|order|payment|map)\//.exec(script)?.[1];
  return service as Parameters<typeof developmentEnv>[0];
}
