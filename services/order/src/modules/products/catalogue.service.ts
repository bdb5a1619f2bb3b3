/**
 * The catalogue in the hot store: every product on sale, and each station's orderable stock, kept in Redis (or the
 * in-process store) for the gateways and this service, filled from the database on a miss, and dropped when a
 * change commits — with an announcement on the `catalogue` channel so every gateway drops its own copy at once.
 * Display only: placing an order re-checks stock on the database under a conditional update. While Redis is away
 * every read comes from the database; when it is back the product list it may hold from before is dropped (stock
 * copies lapse within 30 s).
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CATALOGUE_CHANNEL, type CatalogueChange, clock, HOT_STORE, type HotStore, LOGGER, type Logger, onPrimary, onReplica, type Product, type StationAvailability, unlessHotStoreDown } from '@fuel/shared';
import { MallOrderLineEntity, OrderEntity } from '../orders/order.entity.js';
import { ProductEntity, StationStockEntity } from './product.entity.js';

const PRODUCTS_KEY = 'catalogue:products';
const stockKey = (stationId: number) => `catalogue:stock:${stationId}`;
const generationKey = (stationId: number) => `catalogue:stock-gen:${stationId}`;
/** A missed drop (a crash between commit and announcement) lasts at most this long. */
const STOCK_TTL_SECONDS = 30;
const PRODUCTS_TTL_SECONDS = 600;

export const toProduct = (p: ProductEntity): Product => ({
  id: p.id,
  sku: p.sku,
  name: p.name,
  category: p.category,
  priceFen: p.priceFen,
  description: p.description,
  imageUrl: p.imageUrl,
  ...(p.variantGroup ? { variantGroup: p.variantGroup, variantLabel: p.variantLabel ?? '' } : {}),
});

@Injectable()
export class CatalogueService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(HOT_STORE) private readonly hot: HotStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    hot.onReconnect(() => void this.hot.del(PRODUCTS_KEY).catch(() => undefined));
  }

  /** The hot store's copy, or null when there is none or the hot store is away. */
  private cached(key: string): Promise<string | null> {
    return unlessHotStoreDown(() => this.hot.get(key), () => null);
  }

  private keep(key: string, value: string, ttlSeconds: number): Promise<void> {
    return unlessHotStoreDown(() => this.hot.set(key, value, ttlSeconds), () => undefined);
  }

  async products(): Promise<Product[]> {
    const cached = await this.cached(PRODUCTS_KEY);
    if (cached) return JSON.parse(cached) as Product[];
    const rows = await onReplica(this.dataSource, (m) => m.getRepository(ProductEntity).find({ where: { status: 'on_sale' }, order: { id: 'ASC' } }));
    const products = rows.map(toProduct);
    await this.keep(PRODUCTS_KEY, JSON.stringify(products), PRODUCTS_TTL_SECONDS);
    return products;
  }

  async availability(stationId: number): Promise<StationAvailability> {
    const cached = await this.cached(stockKey(stationId));
    if (cached) return JSON.parse(cached) as StationAvailability;
    // A change committed while this fill was reading must not be overwritten by what it read: the fill keeps its
    // copy only if the station's generation did not move meanwhile.
    const generation = await this.cached(generationKey(stationId));
    const rows = await onPrimary(this.dataSource, (m) => m.findBy(StationStockEntity, { stationId }));
    const result: StationAvailability = { stationId, available: Object.fromEntries(rows.map((r) => [r.productId, r.quantity - r.reserved])) };
    await this.keep(stockKey(stationId), JSON.stringify(result), STOCK_TTL_SECONDS);
    if ((await this.cached(generationKey(stationId))) !== generation) await unlessHotStoreDown(() => this.hot.del(stockKey(stationId)), () => undefined);
    return result;
  }

  /**
   * A station's best sellers: units in its paid mall orders of the last 30 days, top 6, kept in the hot store for
   * 5 minutes (a ranking, not a stock figure: a little staleness is harmless), with current stock.
   */
  async bestSellers(stationId: number): Promise<Product[]> {
    const key = `catalogue:hot:${stationId}`;
    let ids = JSON.parse((await this.cached(key)) ?? 'null') as number[] | null;
    if (!ids) {
      const since = new Date(clock.now().getTime() - 30 * 86_400_000);
      const rows = (await onReplica(this.dataSource, (m) => m
        .createQueryBuilder(MallOrderLineEntity, 'l')
        .innerJoin(OrderEntity, 'o', 'o.id = l.order_id')
        .select('l.product_id', 'productId')
        .addSelect('SUM(l.quantity)', 'units')
        .where("o.station_id = :stationId AND o.kind = 'mall' AND o.paid_at IS NOT NULL AND o.paid_at >= :since AND o.status NOT IN ('refund_requested', 'refunded')", { stationId, since })
        .groupBy('l.product_id')
        .orderBy('units', 'DESC')
        .addOrderBy('l.product_id', 'ASC')
        .limit(6)
        .getRawMany())) as Array<{ productId: string | number }>;
      ids = rows.map((r) => Number(r.productId));
      await this.keep(key, JSON.stringify(ids), 300);
    }
    const [products, { available }] = await Promise.all([this.products(), this.availability(stationId)]);
    return ids.flatMap((id) => products.filter((p) => p.id === id)).map((p) => ({ ...p, stock: available[p.id] ?? 0 }));
  }

  /** After a commit that changed these stations' stock. */
  async stockChanged(...stationIds: number[]): Promise<void> {
    await this.announce({ stationIds });
  }

  private async announce(change: CatalogueChange): Promise<void> {
    try {
      for (const id of change.stationIds ?? []) await this.hot.increment(generationKey(id), 86_400);
      await this.hot.del(...(change.stationIds ?? []).map(stockKey), ...(change.products ? [PRODUCTS_KEY] : []));
      await this.hot.publish(CATALOGUE_CHANNEL, JSON.stringify(change));
    } catch (error) {
      // The copies lapse by themselves (TTL); the change itself is committed.
      this.logger.warn({ err: String(error), change }, 'catalogue change not announced');
    }
  }
}
