/**
 * The live price channel (WebSocket, `ws`). Drivers subscribe to stations (or an area) and get a snapshot,
 * then every change with the station's sequence number; a client that reconnects with the last seq it saw
 * gets exactly what it missed (or a fresh snapshot when too far behind). Back-offices push changes over the
 * same connection with their signed station token. Changes reach every map-service instance's clients
 * through the hot store's `prices` channel (Redis pub/sub when configured).
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  DomainError,
  HOT_STORE,
  LOGGER,
  newRequestId,
  onPrimary,
  runWithContext,
  SERVICE_ENV,
  zodIssuesToFields,
  type HotStore,
  type Logger,
  type StationPrices,
} from '@fuel/shared';
import type { MapEnv } from '../../config/map-env.js';
import { NearbyService } from '../nearby/nearby.service.js';
import { PriceService } from '../prices/price.service.js';
import { PRICES_CHANNEL } from '../stations/station-summary.cache.js';
import { StationRepository } from '../stations/station.repository.js';
import { StationEntity, StationPriceEntity } from '../stations/station.entity.js';
import { toGradePrice } from '../stations/station.service.js';
import { clientMessage, MAX_REPLAY, MAX_SUBSCRIPTIONS, type ClientMessage } from './price-channel.protocol.js';

interface Client {
  socket: WebSocket;
  stations: Set<number>;
  alive: boolean;
}

@Injectable()
export class PriceChannel implements OnModuleInit, OnModuleDestroy {
  private server?: WebSocketServer;
  private readonly clients = new Set<Client>();
  /** stationId → clients following it */
  private readonly followers = new Map<number, Set<Client>>();
  private heartbeat?: NodeJS.Timeout;
  private unsubscribe?: () => Promise<void>;

  constructor(
    private readonly prices: PriceService,
    private readonly stations: StationRepository,
    private readonly nearby: NearbyService,
    private readonly dataSource: DataSource,
    @Inject(HOT_STORE) private readonly hot: HotStore,
    @Inject(SERVICE_ENV) private readonly env: MapEnv & { SERVICE_HOST: string },
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    this.unsubscribe = await this.hot.subscribe(PRICES_CHANNEL, (message) => this.fanOut(JSON.parse(message) as StationPrices));
    this.server = new WebSocketServer({ host: this.env.SERVICE_HOST, port: this.env.WS_PORT, maxPayload: 64 * 1024 });
    this.server.on('connection', (socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('listening', resolve);
      this.server!.once('error', reject);
    });
    this.heartbeat = setInterval(() => this.beat(), this.env.WS_HEARTBEAT_MS);
    this.logger.info({ port: this.env.WS_PORT }, 'price channel listening');
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.heartbeat);
    await this.unsubscribe?.();
    for (const client of this.clients) client.socket.close(1001, 'server shutting down');
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Subscribed connections right now (for tests and metrics). */
  get connectionCount(): number {
    return this.clients.size;
  }

  private accept(socket: WebSocket): void {
    const client: Client = { socket, stations: new Set(), alive: true };
    this.clients.add(client);
    socket.on('pong', () => (client.alive = true));
    socket.on('message', (data, isBinary) => {
      if (isBinary) return this.send(client, { type: 'error', code: 'VALIDATION_FAILED', message: '仅支持 JSON 文本消息' });
      void runWithContext({ requestId: newRequestId() }, () => this.onMessage(client, data.toString()));
    });
    socket.on('close', () => this.drop(client));
    socket.on('error', () => this.drop(client));
  }

  private async onMessage(client: Client, text: string): Promise<void> {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return this.send(client, { type: 'error', code: 'VALIDATION_FAILED', message: '消息不是有效的 JSON' });
    }
    const parsed = clientMessage.safeParse(raw);
    const ref = (raw as { ref?: unknown } | null)?.ref;
    if (!parsed.success) {
      return this.send(client, { type: 'error', ref, code: 'VALIDATION_FAILED', message: '消息格式有误', details: { fields: zodIssuesToFields(parsed.error) } });
    }
    try {
      await this.handle(client, parsed.data);
    } catch (error) {
      const body = error instanceof DomainError ? error.toBody() : { code: 'INTERNAL', message: '服务内部错误' };
      if (!(error instanceof DomainError)) this.logger.error({ err: error }, 'price channel message failed');
      this.send(client, { type: 'error', ref, ...body });
    }
  }

  private async handle(client: Client, message: ClientMessage): Promise<void> {
    switch (message.type) {
      case 'ping':
        return this.send(client, { type: 'pong' });
      case 'unsubscribe':
        for (const id of message.stationIds) this.unfollow(client, id);
        return this.send(client, { type: 'unsubscribed', stationIds: message.stationIds });
      case 'push': {
        const result = await this.prices.changeByBackoffice(message);
        return this.send(client, { type: 'ack', ref: message.ref, stationId: result.stationId, seq: result.seq });
      }
      case 'subscribe': {
        const ids = new Set(message.stationIds ?? []);
        if (message.area) {
          const area = await this.nearby.nearby({ ...message.area, sort: 'distance', limit: MAX_SUBSCRIPTIONS });
          for (const s of area.items) ids.add(s.id);
        }
        if (client.stations.size + ids.size > MAX_SUBSCRIPTIONS) {
          throw new DomainError('TOO_MANY_SUBSCRIPTIONS', `每个连接最多关注 ${MAX_SUBSCRIPTIONS} 个加油站`);
        }
        const known = await this.stations.byIds([...ids]);
        // Follow first, then catch up: a change committed in between is sent live and may also appear in the
        // catch-up; clients drop any seq they already have.
        for (const station of known) this.follow(client, station.id);
        this.send(client, { type: 'subscribed', stationIds: known.map((s) => s.id) });
        for (const station of known) await this.catchUp(client, station.id, message.since?.[String(station.id)]);
        return;
      }
    }
  }

  private async catchUp(client: Client, stationId: number, since: number | undefined): Promise<void> {
    if (since !== undefined) {
      const missed = await this.prices.changesSince(stationId, since, MAX_REPLAY);
      if (missed) {
        for (const change of missed) this.send(client, { type: 'price', ...change });
        return;
      }
    }
    const { station, prices } = await onPrimary(this.dataSource, async (m) => ({
      station: await m.findOneBy(StationEntity, { id: stationId }),
      prices: await m.findBy(StationPriceEntity, { stationId }),
    }));
    const changedAt = prices.reduce((latest, p) => (p.updatedAt > latest ? p.updatedAt : latest), new Date(0));
    this.send(client, { type: 'snapshot', stationId, seq: station?.priceSeq ?? 0, prices: prices.map(toGradePrice), changedAt: changedAt.toISOString() });
  }

  private fanOut(change: StationPrices): void {
    const followers = this.followers.get(change.stationId);
    if (!followers?.size) return;
    // Serialise once for all followers.
    const frame = JSON.stringify({ type: 'price', stationId: change.stationId, seq: change.seq, changes: change.changes, changedAt: change.changedAt });
    for (const client of followers) if (client.socket.readyState === client.socket.OPEN) client.socket.send(frame);
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
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(JSON.stringify(message));
  }
}
