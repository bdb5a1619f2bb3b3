/**
 * Inventory sync from a station's till (the station's offline inventory system), signed like the back-office
 * price API (a station token, accepted once). Each row states the units on hand and a version that only grows:
 * a row no newer than what was applied is ignored (so the same batch twice, or an older batch after a newer one,
 * changes nothing); an applied change is a `sync` movement. A count below what is reserved for unpaid orders keeps
 * the reserved units (they are promised) and is logged for the manager.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { KeptKey, StockAdjustmentReason, StockLevel } from '@fuel/shared';
import { acceptStationToken, CLOCK, DomainError, ErrorCode, forUpdate, KeptReplies, onPrimary, LOGGER, replayedStationToken, SERVICE_ENV, type Clock, type InventorySyncResult, type Keep, type Logger } from '@fuel/shared';
import type { z } from 'zod';
import type { inventorySync } from '@fuel/shared';
import type { OrderEnv } from '../../config/order-env.js';
import { MallOrderLineEntity, OrderEntity } from '../orders/order.entity.js';
import { CatalogueService } from './catalogue.service.js';
import { ProductEntity, StationStockEntity, StockMovementEntity } from './product.entity.js';

type SyncRequest = z.infer<typeof inventorySync>;

/** The alert level of a product whose station has set none. */
export const DEFAULT_LOW_STOCK_THRESHOLD = 5;
const thresholdOf = (row: Pick<StationStockEntity, 'lowStockThreshold'>) => row.lowStockThreshold ?? DEFAULT_LOW_STOCK_THRESHOLD;
/** Sellable units (on hand − held by unpaid orders; paid pickups already left on hand) at or below the threshold. */
export const isLowStock = (row: Pick<StationStockEntity, 'quantity' | 'reserved' | 'lowStockThreshold'>) => row.quantity - row.reserved <= thresholdOf(row);

@Injectable()
export class InventoryService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_ENV) private readonly env: OrderEnv,
    private readonly catalogue: CatalogueService,
    private readonly kept: KeptReplies,
  ) {}

  /** Units in this station's paid orders not yet picked up, per product (one product, or all). */
  private async awaitingPickup(manager: EntityManager, stationId: number, productId?: number): Promise<Map<number, number>> {
    const query = manager
      .createQueryBuilder(MallOrderLineEntity, 'l')
      .innerJoin(OrderEntity, 'o', 'o.id = l.order_id')
      .select('l.product_id', 'productId')
      .addSelect('SUM(l.quantity)', 'units')
      .where("o.station_id = :stationId AND o.status = 'ready_for_pickup'", { stationId })
      .groupBy('l.product_id');
    if (productId !== undefined) query.andWhere('l.product_id = :productId', { productId });
    const rows = await query.getRawMany<{ productId: string | number; units: string | number }>();
    return new Map(rows.map((r) => [Number(r.productId), Number(r.units)]));
  }

  /** A station's stock as its manager sees it: low-stock products first, then by name. */
  async levels(stationId: number): Promise<StockLevel[]> {
    const [stock, products, waiting] = await onPrimary(this.dataSource, (m) =>
      Promise.all([m.findBy(StationStockEntity, { stationId }), m.find(ProductEntity, { order: { id: 'ASC' } }), this.awaitingPickup(m, stationId)]),
    );
    const byId = new Map(products.map((p) => [p.id, p]));
    return stock
      .filter((row) => byId.has(row.productId))
      .map((row) => this.level(row, byId.get(row.productId)!, waiting.get(row.productId) ?? 0))
      .sort((a, b) => Number(b.lowStock) - Number(a.lowStock) || a.sellable - b.sellable || a.productId - b.productId);
  }

  /**
   * A manager's adjustment with its reason: a conditional change of on-hand and its ledger movement, in one
   * transaction. Stock held by unpaid orders is promised: on hand never goes below it.
   */
  async adjust(stationId: number, productId: number, delta: number, reason: StockAdjustmentReason, note: string, key?: KeptKey): Promise<StockLevel> {
    return this.kept.once(key, async (keep) => {
      const product = await this.dataSource.getRepository(ProductEntity).findOneBy({ id: productId });
      if (!product) throw DomainError.invalid([{ field: 'body.productId', message: '商品不存在' }]);
      const level = await this.dataSource.transaction(async (manager) => {
        const stock = { stationId, productId };
        if (delta > 0) await manager.createQueryBuilder().insert().into(StationStockEntity).values({ ...stock, quantity: 0, reserved: 0, syncVersion: 0, lowStockThreshold: null }).orIgnore().execute();
        const row = await manager.findOne(StationStockEntity, { where: stock, ...forUpdate(this.dataSource) });
        if (!row || row.quantity + delta < row.reserved) {
          throw new DomainError(ErrorCode.UNPROCESSABLE, `调整后库存不能少于未支付订单占用的 ${row?.reserved ?? 0} 件`, { field: 'body.delta', onHand: row?.quantity ?? 0, reserved: row?.reserved ?? 0 });
        }
        const quantity = row.quantity + delta;
        await manager.update(StationStockEntity, stock, { quantity });
        await manager.insert(StockMovementEntity, { ...stock, delta, quantityAfter: quantity, reservedDelta: 0, reservedAfter: row.reserved, reason: 'adjustment', reference: `${reason}${note ? `:${note}` : ''}`.slice(0, 64) });
        const adjusted = this.level({ ...row, quantity }, product, (await this.awaitingPickup(manager, stationId, productId)).get(productId) ?? 0);
        await keep(manager, adjusted);
        return adjusted;
      });
      await this.catalogue.stockChanged(stationId);
      return level;
    });
  }

  private level(row: StationStockEntity, product: ProductEntity, awaitingPickup: number): StockLevel {
    return {
      productId: row.productId,
      sku: product.sku,
      name: product.name,
      variantLabel: product.variantLabel,
      onShelf: row.quantity + awaitingPickup,
      awaitingPickup,
      reserved: row.reserved,
      sellable: row.quantity - row.reserved,
      lowStockThreshold: thresholdOf(row),
      lowStock: isLowStock(row),
    };
  }

  async sync(request: SyncRequest): Promise<InventorySyncResult> {
    const nonce = acceptStationToken(request.token, request.stationId, request.request, this.env.BACKOFFICE_MASTER_KEY, this.logger);
    return this.kept.once<InventorySyncResult>(nonce, (keep) => this.applySync(request, keep), () => replayedStationToken(request.stationId, this.logger));
  }

  private async applySync(request: SyncRequest, keep: Keep<InventorySyncResult>): Promise<InventorySyncResult> {
    const known = await this.dataSource.getRepository(ProductEntity).findBy({ id: In(request.rows.map((r) => r.productId)) });
    request.rows.forEach((row, index) => {
      if (!known.some((p) => p.id === row.productId)) throw DomainError.invalid([{ field: `body.rows.${index}.productId`, message: '商品不存在' }]);
    });
    const synced = await this.dataSource.transaction(async (manager) => {
      const results: InventorySyncResult['rows'] = [];
      // In product order, like orders reserve: a sync and an order never wait on each other in a circle.
      for (const row of [...request.rows].sort((a, b) => a.productId - b.productId)) {
        const key = { stationId: request.stationId, productId: row.productId };
        // The row first (a no-op when it exists), then its lock: two syncs adding the same new product would
        // otherwise both take a gap lock and deadlock on their inserts.
        const existed = await manager.existsBy(StationStockEntity, key);
        if (!existed) await manager.createQueryBuilder().insert().into(StationStockEntity).values({ ...key, quantity: 0, reserved: 0, syncVersion: 0, lowStockThreshold: null }).orIgnore().execute();
        const locked = await manager.findOneOrFail(StationStockEntity, { where: key, ...forUpdate(this.dataSource) });
        const current = existed || locked.syncVersion !== 0 ? locked : undefined;
        if (current && row.version <= (current.syncVersion ?? 0)) {
          results.push({ productId: row.productId, status: 'stale', quantity: current.quantity, reserved: current.reserved, lowStock: isLowStock(current) });
          continue;
        }
        const reserved = current?.reserved ?? 0;
        // Paid goods waiting for pickup are still on the shelf, and the till counts them, but they were taken off
        // the stock when paid: they are not for sale again.
        const awaitingPickup = (await this.awaitingPickup(manager, request.stationId, row.productId)).get(row.productId) ?? 0;
        const forSale = row.quantity - awaitingPickup;
        if (forSale < reserved) this.logger.warn({ ...key, counted: row.quantity, awaitingPickup, reserved, syncId: request.syncId }, 'counted stock below what orders hold: the held units are kept');
        const quantity = Math.max(forSale, reserved);
        const threshold = row.lowStockThreshold ?? current?.lowStockThreshold ?? null;
        await manager.update(StationStockEntity, key, { quantity, syncVersion: row.version, lowStockThreshold: threshold });
        const delta = quantity - locked.quantity;
        if (delta !== 0 || !current) await manager.insert(StockMovementEntity, { ...key, delta, quantityAfter: quantity, reservedDelta: 0, reservedAfter: reserved, reason: 'sync', reference: request.syncId });
        results.push({ productId: row.productId, status: delta === 0 && current ? 'unchanged' : 'applied', quantity, reserved, lowStock: isLowStock({ quantity, reserved, lowStockThreshold: threshold }) });
      }
      const result = { stationId: request.stationId, syncId: request.syncId, applied: results.filter((r) => r.status === 'applied').length, stale: results.filter((r) => r.status === 'stale').length, rows: results };
      await keep(manager, result);
      return result;
    });
    await this.catalogue.stockChanged(request.stationId);
    return synced;
  }
}
