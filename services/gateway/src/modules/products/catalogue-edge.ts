/**
 * The product list at the gateway's edge: the catalogue and each station's orderable stock held in this process
 * for a few seconds, filled from the hot store (Redis, written by the order service) or, on a miss there, by the
 * order service itself; every copy is dropped the moment a change is announced on the `catalogue` channel. A warm
 * product list then costs no hop at all — the RPC hop to a service was the gateway's ceiling (see Benchmarks).
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CATALOGUE_CHANNEL, HOT_STORE, LOGGER, orderContracts, ServiceClient, type CatalogueChange, type HotStore, type Logger, type Product, type ProductCategory, type ProductPage, type StationAvailability, realTime } from '@fuel/shared';

/** How long a copy lives here without an announcement (a missed one, or another gateway's Redis outage). */
const PRODUCTS_MS = 30_000;
const STOCK_MS = 5_000;

interface Held<T> {
  value: Promise<T>;
  until: number;
}

@Injectable()
export class CatalogueEdge implements OnModuleInit, OnModuleDestroy {
  private products?: Held<Product[]>;
  private readonly stock = new Map<number, Held<StationAvailability>>();
  private unsubscribe?: () => Promise<void>;

  constructor(
    private readonly services: ServiceClient,
    @Inject(HOT_STORE) private readonly hot: HotStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    this.unsubscribe = await this.hot.subscribe(CATALOGUE_CHANNEL, (message) => {
      try {
        const change = JSON.parse(message) as CatalogueChange;
        if (change.products) this.products = undefined;
        for (const id of change.stationIds ?? []) this.stock.delete(id);
      } catch {
        this.logger.warn({ message: message.slice(0, 100) }, 'catalogue announcement not understood');
      }
    });
    // Announcements made while Redis was away never arrived.
    this.hot.onReconnect(() => {
      this.products = undefined;
      this.stock.clear();
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.unsubscribe?.();
  }

  async list(query: { category?: ProductCategory; stationId?: number; page: number; pageSize: number }): Promise<ProductPage> {
    const all = (await this.allProducts()).filter((p) => !query.category || p.category === query.category);
    const rows = all.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
    const stock = query.stationId === undefined ? undefined : (await this.availability(query.stationId)).available;
    return { items: rows.map((p) => (stock ? { ...p, stock: stock[p.id] ?? 0 } : p)), total: all.length, page: query.page, pageSize: query.pageSize };
  }

  private allProducts(): Promise<Product[]> {
    if (!this.products || this.products.until < realTime.now().getTime()) this.products = this.hold(PRODUCTS_MS, () => this.services.call(orderContracts.catalogue, {}), () => (this.products = undefined));
    return this.products.value;
  }

  private availability(stationId: number): Promise<StationAvailability> {
    let held = this.stock.get(stationId);
    if (!held || held.until < realTime.now().getTime()) {
      held = this.hold(STOCK_MS, () => this.services.call(orderContracts.availability, { stationId }), () => this.stock.delete(stationId));
      this.stock.set(stationId, held);
    }
    return held.value;
  }

  /** One load shared by every request that needs it meanwhile; a failed load is not kept. */
  private hold<T>(ms: number, load: () => Promise<T>, forget: () => void): Held<T> {
    const value = load();
    value.catch(forget);
    return { value, until: realTime.now().getTime() + ms };
  }
}
