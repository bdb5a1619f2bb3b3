/**
 * The public live price channel at /ws/prices (the map service owns the data and the protocol, shared as
 * PriceChannelHub). Two ways to serve it:
 * - edge fan-out, when the `prices` channel is shared through Redis: the gateway holds the client sockets,
 *   follows the channel itself, and asks the map service over RPC only for what is per client (which stations
 *   exist, the catch-up, a back-office push). A change then crosses one process boundary per gateway instead of
 *   one per client socket, which is what keeps fan-out latency near a bare broadcast.
 * - a tunnel, in the embedded single-machine mode (no Redis, so no shared channel): the upgrade is passed as raw
 *   TCP to a map-ws instance (round robin), and the protocol runs end to end there.
 */
import type { IncomingMessage, Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import {
  acceptRequestId,
  MAP_WS_SERVICE,
  mapContracts,
  PRICE_CHANNEL_MAX_PAYLOAD,
  PRICES_CHANNEL,
  PriceChannelHub,
  type HotStore,
  type Logger,
  type PriceChannelSource,
  type ServiceRegistry,
} from '@fuel/shared';
import type { ServiceClient } from '@fuel/shared';
import type { StationsEdge } from '../modules/stations/stations-edge.js';

export { PRICE_CHANNEL_PATH } from '@fuel/shared';

interface PriceChannelDeps {
  registry: ServiceRegistry;
  hotStore: HotStore;
  services: ServiceClient;
  edge: StationsEdge;
  logger: Logger;
  heartbeatMs: number;
}

export function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export interface UpgradeHandler {
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

/** Serves WebSocket paths on the gateway's HTTP server (anything else: 404); returns what closes them all. */
export function attachUpgrades(server: Server, routes: Record<string, UpgradeHandler>): () => Promise<void> {
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const route = routes[(request.url ?? '').split('?')[0]!];
    if (!route) return refuseUpgrade(socket, '404 Not Found');
    route.upgrade(request, socket, head);
  });
  return async () => {
    await Promise.all(Object.values(routes).map((route) => route.close()));
  };
}

/** The /ws/prices handler: edge fan-out with a shared channel, else a tunnel to the map service. */
export async function priceChannel(deps: PriceChannelDeps): Promise<UpgradeHandler> {
  return deps.hotStore.kind === 'redis' ? edgeFanOut(deps) : { upgrade: tunnel(deps), close: async () => undefined };
}

async function edgeFanOut({ hotStore, services, edge, logger, heartbeatMs }: PriceChannelDeps) {
  const source: PriceChannelSource = {
    resolve: (request) => services.call(mapContracts.resolveSubscription, request),
    catchUp: (stations) => services.call(mapContracts.catchUp, { stations }),
    push: (change) => edge.pushPrices(change),
  };
  const hub = new PriceChannelHub(source, logger, heartbeatMs);
  const unsubscribe = await hotStore.subscribe(PRICES_CHANNEL, (message) => hub.fanOut(message));
  const sockets = new WebSocketServer({ noServer: true, maxPayload: PRICE_CHANNEL_MAX_PAYLOAD });
  return {
    upgrade(request: IncomingMessage, socket: Duplex, head: Buffer) {
      sockets.handleUpgrade(request, socket, head, (ws) => {
        (socket as Socket).setNoDelay?.(true);
        hub.accept(ws);
      });
    },
    async close() {
      await unsubscribe();
      hub.close();
      await new Promise((resolve) => sockets.close(resolve));
    },
  };
}

function tunnel({ registry, logger }: PriceChannelDeps) {
  let cursor = 0;
  return (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const instances = registry.instances(MAP_WS_SERVICE);
    if (instances.length === 0) return refuseUpgrade(socket, '503 Service Unavailable');
    const instance = instances[cursor++ % instances.length];
    const requestId = acceptRequestId(request.headers['x-request-id']);
    let piping = false;
    const upstream: Socket = connect(instance.port, instance.host, () => {
      piping = true;
      const headers = Object.entries({ ...request.headers, 'x-request-id': requestId })
        .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : value}`)
        .join('\r\n');
      upstream.write(`GET ${request.url} HTTP/1.1\r\n${headers}\r\n\r\n`);
      if (head.length) upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    // Price frames are small and latency matters: no Nagle delay on either leg of the tunnel.
    upstream.setNoDelay(true);
    (socket as Socket).setNoDelay?.(true);
    upstream.on('error', (error) => {
      logger.warn({ requestId, instance: `${instance.host}:${instance.port}`, err: String(error) }, 'price channel upstream failed');
      // Before the tunnel is up the client still speaks HTTP; after, only closing is right.
      if (piping) socket.destroy();
      else if (!socket.destroyed) refuseUpgrade(socket, '503 Service Unavailable');
    });
    socket.on('error', () => upstream.destroy());
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
  };
}
