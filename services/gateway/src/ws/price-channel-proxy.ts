/**
 * The gateway exposes the live price channel at /ws/prices; the map service owns it. An upgrade request is
 * tunnelled as raw TCP to a healthy map-ws instance (round robin), so the WebSocket protocol, heartbeats and
 * back-pressure stay end to end between the client and the map service.
 */
import type { IncomingMessage, Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { acceptRequestId, MAP_WS_SERVICE, type Logger, type ServiceRegistry } from '@fuel/shared';

export const PRICE_CHANNEL_PATH = '/ws/prices';

function refuse(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export function attachPriceChannelProxy(server: Server, registry: ServiceRegistry, logger: Logger): void {
  let cursor = 0;
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if ((request.url ?? '').split('?')[0] !== PRICE_CHANNEL_PATH) return refuse(socket, '404 Not Found');
    const instances = registry.instances(MAP_WS_SERVICE);
    if (instances.length === 0) return refuse(socket, '503 Service Unavailable');
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
      else if (!socket.destroyed) refuse(socket, '503 Service Unavailable');
    });
    socket.on('error', () => upstream.destroy());
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
  });
}
