/**
 * The operations port (OPS_PORT), for the orchestrator and never published to clients:
 * - `GET /healthz`: the process answers (liveness; a hung event loop fails it);
 * - `GET /readyz`: it can do its work (readiness): 200 with the report, or 503 when a dependency it cannot work
 *   without is down (a service whose database is gone) or when it is shutting down, so load balancers and
 *   Kubernetes stop sending work before the process closes its port.
 * - `GET /drain`: the orchestrator's preStop hook, before it sends SIGTERM: from then on not ready, and the
 *   process leaves discovery (Nacos) and waits for its callers to see it go, so no new work arrives once SIGTERM
 *   closes it. GET because a preStop httpGet can only send GET; the port is not reachable from outside.
 * - `GET /metrics`: the process's Prometheus metrics (metrics/metrics.ts).
 * Plain node:http: four routes do not need a framework, and the port stays up while the application closes.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logging/logger.js';
import { metricsRegistry } from '../metrics/metrics.js';

export interface Readiness {
  ready: boolean;
  /** What the probe reports alongside (the health report). */
  report: unknown;
}

export interface OpsServer {
  port: number;
  /** From now on /readyz answers 503: the process is draining. */
  drain(): void;
  close(): Promise<void>;
}

export async function startOpsServer(options: { host: string; port: number; readiness: () => Promise<Readiness>; onDrain?: () => Promise<void>; logger: Logger }): Promise<OpsServer> {
  let draining = false;
  let drained: Promise<void> | undefined;
  const server: Server = createServer((request, response) => {
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify(body));
    };
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') return answer(405, { error: 'GET only' });
    if (path === '/healthz') return answer(200, { status: 'alive' });
    if (path === '/metrics') {
      metricsRegistry.metrics().then(
        (text) => {
          response.writeHead(200, { 'content-type': metricsRegistry.contentType, 'cache-control': 'no-store' });
          response.end(text);
        },
        (error: unknown) => {
          options.logger.warn({ err: error }, 'metrics collection failed');
          answer(500, { error: 'metrics collection failed' });
        },
      );
      return;
    }
    if (path === '/drain') {
      draining = true;
      drained ??= (options.onDrain?.() ?? Promise.resolve()).catch((error: unknown) => options.logger.warn({ err: error }, 'drain failed'));
      options.logger.info('draining: not ready, leaving discovery');
      void drained.then(() => answer(200, { status: 'drained' }));
      return;
    }
    if (path !== '/readyz') return answer(404, { error: 'not found' });
    if (draining) return answer(503, { status: 'draining' });
    options.readiness().then(
      ({ ready, report }) => answer(ready ? 200 : 503, { status: ready ? 'ready' : 'not-ready', report }),
      (error: unknown) => {
        options.logger.warn({ err: error }, 'readiness check failed');
        answer(503, { status: 'not-ready' });
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  options.logger.info({ port }, 'operations port open (/healthz, /readyz, /drain, /metrics)');
  return {
    port,
    drain: () => {
      draining = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
