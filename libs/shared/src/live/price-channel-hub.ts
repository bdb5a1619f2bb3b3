/**
 * The live price channel's protocol, in one place for whichever process holds the client sockets: the map
 * service (its own /ws/prices) and the gateway (the public /ws/prices, when the `prices` channel is shared
 * through Redis). The hub keeps the connections, subscriptions and heartbeats and fans every announced change
 * out; what it needs from the stations' owner (which stations exist, the catch-up, taking a back-office push)
 * comes from a PriceChannelSource: direct calls in the map service, RPCs in the gateway.
 */
import type { WebSocket } from 'ws';
import { runWithContext, newRequestId } from '../context/request-context.js';
import {
  clientMessage,
  MAX_SUBSCRIPTIONS,
  PRICE_CHANNEL_PATH,
  type ClientMessage,
  type PriceChannelFrame,
  type SubscriptionArea,
} from '../contracts/map/price-channel.js';
import type { GradePriceInput, StationPrices } from '../contracts/map/price.dto.js';
import { DomainError, ErrorCode } from '../errors/domain-error.js';
import type { Logger } from '../logging/logger.js';
import { stationRequestDigest, type StationRequest } from '../backoffice/station-token.js';
import { gaugeOnScrape, liveChannelFrames } from '../metrics/metrics.js';
import { zodIssuesToFields } from '../rpc/zod-issues.js';

export interface PriceChannelSource {
  /** The existing stations among `stationIds` and within `area`. */
  resolve(request: { stationIds: number[]; area?: SubscriptionArea }): Promise<number[]>;
  /** For each station: the `price` frames after `since`, or a `snapshot` frame when there is no usable `since`. */
  catchUp(stations: Array<{ stationId: number; since?: number }>): Promise<PriceChannelFrame[]>;
  /** A back-office push (token checked by the owner). */
  push(change: { stationId: number; token: string; request: StationRequest; changes: GradePriceInput[]; confirm: boolean }): Promise<{ stationId: number; seq: number }>;
}

interface Client {
  socket: WebSocket;
  stations: Set<number>;
  alive: boolean;
}

export class PriceChannelHub {
  private readonly clients = new Set<Client>();
  /** stationId → clients following it */
  private readonly followers = new Map<number, Set<Client>>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly source: PriceChannelSource,
    private readonly logger: Logger,
    heartbeatMs: number,
  ) {
    this.heartbeat = setInterval(() => this.beat(), heartbeatMs);
    gaugeOnScrape('fuel_live_channel_clients', 'Live price channel connections now', () => [{ value: this.clients.size }]);
  }

  /** Connections right now (for tests and metrics). */
  get connectionCount(): number {
    return this.clients.size;
  }

  accept(socket: WebSocket): void {
    const client: Client = { socket, stations: new Set(), alive: true };
    this.clients.add(client);
    socket.on('pong', () => (client.alive = true));
    socket.on('message', (data, isBinary) => {
      if (isBinary) return this.send(client, { type: 'error', code: ErrorCode.VALIDATION_FAILED, message: '仅支持 JSON 文本消息' });
      void runWithContext({ requestId: newRequestId() }, () => this.onMessage(client, data.toString()));
    });
    socket.on('close', () => this.drop(client));
    socket.on('error', () => this.drop(client));
  }

  /** One announcement from the `prices` channel (a StationPrices JSON): serialised once for all followers. */
  fanOut(announcement: string): void {
    const change = JSON.parse(announcement) as StationPrices;
    const followers = this.followers.get(change.stationId);
    if (!followers?.size) return;
    const frame = JSON.stringify({ type: 'price', stationId: change.stationId, seq: change.seq, changes: change.changes, changedAt: change.changedAt });
    for (const client of followers) this.deliver(client, frame);
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.socket.close(1001, 'server shutting down');
  }

  private async onMessage(client: Client, text: string): Promise<void> {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return this.send(client, { type: 'error', code: ErrorCode.VALIDATION_FAILED, message: '消息不是有效的 JSON' });
    }
    const parsed = clientMessage.safeParse(raw);
    const ref = (raw as { ref?: unknown } | null)?.ref;
    if (!parsed.success) {
      return this.send(client, { type: 'error', ref, code: ErrorCode.VALIDATION_FAILED, message: '消息格式有误', details: { fields: zodIssuesToFields(parsed.error) } });
    }
    try {
      await this.handle(client, parsed.data, raw as Record<string, unknown>);
    } catch (error) {
      const body = error instanceof DomainError ? error.toBody() : { code: ErrorCode.INTERNAL, message: '服务内部错误' };
      if (!(error instanceof DomainError)) this.logger.error({ err: error }, 'price channel message failed');
      this.send(client, { type: 'error', ref, ...body });
    }
  }

  private async handle(client: Client, message: ClientMessage, raw: Record<string, unknown>): Promise<void> {
    switch (message.type) {
      case 'ping':
        return this.send(client, { type: 'pong' });
      case 'unsubscribe':
        for (const id of message.stationIds) this.unfollow(client, id);
        return this.send(client, { type: 'unsubscribed', stationIds: message.stationIds });
      case 'push': {
        const { ref, type: _type, ...change } = message;
        // The token signs the message as it was sent, without itself (backoffice/station-token.ts).
        const { token: _token, ...signed } = raw;
        const result = await this.source.push({ ...change, request: { method: 'PUSH', path: PRICE_CHANNEL_PATH, bodyDigest: stationRequestDigest(signed) } });
        return this.send(client, { type: 'ack', ref, stationId: result.stationId, seq: result.seq });
      }
      case 'subscribe': {
        const known = await this.source.resolve({ stationIds: message.stationIds ?? [], area: message.area });
        const added = known.filter((id) => !client.stations.has(id)).length;
        if (client.stations.size + added > MAX_SUBSCRIPTIONS) {
          throw new DomainError(ErrorCode.TOO_MANY_SUBSCRIPTIONS, `每个连接最多关注 ${MAX_SUBSCRIPTIONS} 个加油站`);
        }
        // Follow first, then catch up: a change committed in between is sent live and may also appear in the
        // catch-up; clients drop any seq they already have.
        for (const id of known) this.follow(client, id);
        this.send(client, { type: 'subscribed', stationIds: known });
        const frames = await this.source.catchUp(known.map((stationId) => ({ stationId, since: message.since?.[String(stationId)] })));
        for (const frame of frames) this.send(client, frame);
        return;
      }
    }
  }

  private follow(client: Client, stationId: number): void {
    client.stations.add(stationId);
    const set = this.followers.get(stationId) ?? new Set<Client>();
    set.add(client);
    this.followers.set(stationId, set);
  }

  private unfollow(client: Client, stationId: number): void {
    client.stations.delete(stationId);
    const set = this.followers.get(stationId);
    set?.delete(client);
    if (set?.size === 0) this.followers.delete(stationId);
  }

  private drop(client: Client): void {
    if (!this.clients.delete(client)) return;
    for (const id of client.stations) this.unfollow(client, id);
  }

  /** Drops connections that did not answer the previous ping, then pings the rest. */
  private beat(): void {
    for (const client of this.clients) {
      if (!client.alive) {
        client.socket.terminate();
        this.drop(client);
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }

  private send(client: Client, message: Record<string, unknown>): void {
    this.deliver(client, JSON.stringify(message));
  }

  /** Every frame a client is sent goes through here (and into the frame count); a closing socket gets none. */
  private deliver(client: Client, frame: string): void {
    if (client.socket.readyState !== client.socket.OPEN) return;
    client.socket.send(frame);
    liveChannelFrames.inc();
  }
}
