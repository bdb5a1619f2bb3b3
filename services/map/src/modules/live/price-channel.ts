/**
 * The map service's own live price channel (WebSocket, `ws`, on WS_PORT): the protocol is the shared
 * PriceChannelHub, answered from this service's data. Changes reach every instance's clients through the hot
 * store's `prices` channel (Redis pub/sub when configured). The gateway exposes it at /ws/prices: by holding
 * the sockets itself when Redis is shared, by tunnelling to this server otherwise.
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { WebSocketServer } from 'ws';
import { HOT_STORE, LOGGER, PRICE_CHANNEL_MAX_PAYLOAD, PRICES_CHANNEL, PriceChannelHub, SERVICE_ENV, type HotStore, type Logger } from '@fuel/shared';
import type { MapEnv } from '../../config/map-env.js';
import { LivePriceSource } from './price-channel.source.js';

@Injectable()
export class PriceChannel implements OnModuleInit, OnModuleDestroy {
  private server?: WebSocketServer;
  private hub?: PriceChannelHub;
  private unsubscribe?: () => Promise<void>;

  constructor(
    private readonly source: LivePriceSource,
    @Inject(HOT_STORE) private readonly hot: HotStore,
    @Inject(SERVICE_ENV) private readonly env: MapEnv & { SERVICE_HOST: string },
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    const hub = (this.hub = new PriceChannelHub(this.source, this.logger, this.env.WS_HEARTBEAT_MS));
    this.unsubscribe = await this.hot.subscribe(PRICES_CHANNEL, (message) => hub.fanOut(message));
    this.server = new WebSocketServer({ host: this.env.SERVICE_HOST, port: this.env.WS_PORT, maxPayload: PRICE_CHANNEL_MAX_PAYLOAD });
    this.server.on('connection', (socket) => hub.accept(socket));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('listening', resolve);
      this.server!.once('error', reject);
    });
    this.logger.info({ port: this.env.WS_PORT }, 'price channel listening');
  }

  async onModuleDestroy(): Promise<void> {
    await this.unsubscribe?.();
    this.hub?.close();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Connections right now (for tests and metrics). */
  get connectionCount(): number {
    return this.hub?.connectionCount ?? 0;
  }
}
