/**
 * The staff channel at /ws/staff: an attendant's or manager's screen learns at once that its station's pump board
 * changed (a fuel order paid, fuelled or refunded) and fetches the board, instead of waiting for its next poll.
 * The client's first frame is `{"type":"auth","token":…}` (browsers cannot set headers on a WebSocket); the token
 * must be a staff token of a station, with its server-side session open — checked again every
 * STAFF_CHANNEL_SESSION_CHECK_MS, so a sign-out, a disable or idle time closes the socket (code 4401). Frames:
 * `{"type":"ready","stationId"}`, then `{"type":"pump-board","stationId","orderNo","status"}`. Served only when the
 * hot store is shared (Redis); in the embedded mode the screens poll.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { acceptRequestId, pumpBoardChannel, runWithContext, userContracts, verifyAccessToken, type Actor, type HotStore, type Logger, type ServiceClient } from '@fuel/shared';

export const STAFF_CHANNEL_PATH = '/ws/staff';
const AUTH_TIMEOUT_MS = 10_000;
const UNAUTHORISED = 4401;
const FORBIDDEN = 4403;

interface StaffChannelDeps {
  hotStore: HotStore;
  services: ServiceClient;
  jwtSecret: string;
  logger: Logger;
  heartbeatMs: number;
  sessionCheckMs: number;
}

export function staffChannel(deps: StaffChannelDeps): { upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void; close(): Promise<void> } {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const live = new Set<() => Promise<void>>();
  return {
    upgrade(request, socket, head) {
      const requestId = acceptRequestId(request.headers['x-request-id']);
      const clientIp = request.socket.remoteAddress;
      sockets.handleUpgrade(request, socket, head, (ws) => serve(ws, { requestId, clientIp }, deps, live));
    },
    async close() {
      await Promise.all([...live].map((end) => end()));
      await new Promise((resolve) => sockets.close(resolve));
    },
  };
}

function serve(ws: WebSocket, request: { requestId: string; clientIp?: string }, deps: StaffChannelDeps, live: Set<() => Promise<void>>): void {
  const checkSession = (actor: Actor) => runWithContext({ ...request, actor }, () => deps.services.call(userContracts.staffSession, {}));
  let unsubscribe: (() => Promise<void>) | undefined;
  const timers: NodeJS.Timeout[] = [];
  const end = async () => {
    timers.forEach((t) => clearInterval(t));
    live.delete(end);
    await unsubscribe?.().catch(() => undefined);
    unsubscribe = undefined;
  };
  live.add(end);
  ws.on('close', () => void end());
  const authTimer = setTimeout(() => ws.close(UNAUTHORISED, 'auth required'), AUTH_TIMEOUT_MS);
  ws.once('message', (data) => {
    clearTimeout(authTimer);
    void (async () => {
      const { type, token } = (() => {
        try {
          return JSON.parse(String(data)) as { type?: unknown; token?: unknown };
        } catch {
          return {};
        }
      })();
      const actor = type === 'auth' && typeof token === 'string' ? await verifyAccessToken(token, deps.jwtSecret).catch(() => undefined) : undefined;
      if (!actor || actor.kind !== 'staff') return ws.close(UNAUTHORISED, 'sign in');
      if (!actor.stationId || (actor.role !== 'attendant' && actor.role !== 'manager')) return ws.close(FORBIDDEN, 'station staff only');
      if (!(await checkSession(actor).then(() => true, () => false))) return ws.close(UNAUTHORISED, 'session ended');
      const stationId = Number(actor.stationId);
      unsubscribe = await deps.hotStore.subscribe(pumpBoardChannel(stationId), (message) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'pump-board', ...(JSON.parse(message) as object) }));
      });
      if (ws.readyState !== ws.OPEN) return end();
      ws.send(JSON.stringify({ type: 'ready', stationId }));
      timers.push(setInterval(() => void checkSession(actor).catch(() => ws.close(UNAUTHORISED, 'session ended')), deps.sessionCheckMs));
      let alive = true;
      ws.on('pong', () => (alive = true));
      timers.push(
        setInterval(() => {
          if (!alive) return ws.terminate();
          alive = false;
          ws.ping();
        }, deps.heartbeatMs),
      );
    })().catch((error: unknown) => {
      deps.logger.warn({ err: error, requestId: request.requestId }, 'staff channel failed');
      ws.close(1011, 'unavailable');
    });
  });
}
