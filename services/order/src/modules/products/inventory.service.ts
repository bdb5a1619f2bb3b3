/**
 * Inventory sync from a station's till (the station's offline inventory system), signed like the back-office
 * price API (a station token, accepted once). Each row states the units on hand and a version that only grows:
 * a row no newer than what was applied is ignored (so the same batch twice, or an older batch after a newer one,
 * changes nothing); an applied change is a `sync` movement. A count below what is reserved for unpaid orders keeps
 * the reserved units (they are promised) and is logged for the manager.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { acceptStationToken, CLOCK, DomainError, forUpdate, HOT_STORE, LOGGER, SERVICE_ENV, type Clock, type HotStore, type InventorySyncResult, type Logger } from '@fuel/shared';
import type { z } from 'zod';
import type { inventorySync } from '@fuel/shared';
import type { OrderEnv } from '../../config/order-env.js';
import { MallOrderLineEntity, OrderEntity } from '../orders/order.entity.js';
import { CatalogueService } from './catalogue.service.js';
import { ProductEntity, StationStockEntity, StockMovementEntity } from './product.entity.js';

type SyncRequest = z.infer<typeof inventorySync>;

/** Sellable units at or below the threshold. */
export const isLowStock = (row: Pick<StationStockEntity, 'quantity' | 'reserved' | 'lowStockThreshold'>) => row.lowStockThreshold != null && row.quantity - row.reserved <= row.lowStockThreshold;

@Injectable()
export class InventoryService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(HOT_STORE) private readonly hot: HotStore,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_ENV) private readonly env: OrderEnv,
    private readonly catalogue: CatalogueService,
  ) {}

  /** Units of a product in this station's paid orders not yet picked up. */
  private async awaitingPickup(manager: EntityManager, stationId: number, productId: number): Promise<number> {
    const row = (await manager
      .createQueryBuilder(MallOrderLineEntity, 'l')
      .innerJoin(OrderEntity, 'o', 'o.id = l.order_id')
      .select('COALESCE(SUM(l.quantity), 0)', 'units')
      .where("o.station_id = :stationId AND l.product_id = :productId AND o.status = 'ready_for_pickup'", { stationId, productId })
      .getRawOne()) as { units: string | number };
    return Number(row.units);
  }

  async sync(request: SyncRequest): Promise<InventorySyncResult> {
    await acceptStationToken(request.token, request.stationId, this.env.BACKOFFICE_MASTER_KEY, this.hot, this.logger, this.clock.now());
    const known = await this.dataSource.getRepository(ProductEntity).findBy({ id: In(request.rows.map((r) => r.productId)) });
    request.rows.forEach((row, index) => {
      if (!known.some((p) => p.id === row.productId)) throw DomainError.invalid([{ field: `body.rows.${index}.productId`, message: '商品不存在' }]);
    });
    const rows = await this.dataSource.transaction(async (manager) => {
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
        const awaitingPickup = await this.awaitingPickup(manager, request.stationId, row.productId);
        const forSale = row.quantity - awaitingPickup;
        if (forSale < reserved) this.logger.warn({ ...key, counted: row.quantity, awaitingPickup, reserved, syncId: request.syncId }, 'counted stock below what orders hold: the held units are kept');
        const quantity = Math.max(forSale, reserved);
        const threshold = row.lowStockThreshold ?? current?.lowStockThreshold ?? null;
        await manager.update(StationStockEntity, key, { quantity, syncVersion: row.version, lowStockThreshold: threshold });
        const delta = quantity - locked.quantity;
        if (delta !== 0 || !current) await manager.insert(StockMovementEntity, { ...key, delta, quantityAfter: quantity, reservedDelta: 0, reservedAfter: reserved, reason: 'sync', reference: request.syncId });
        results.push({ productId: row.productId, status: delta === 0 && current ? 'unchanged' : 'applied', quantity, reserved, lowStock: isLowStock({ quantity, reserved, lowStockThreshold: threshold }) });
      }
      return results;
    });
    await this.catalogue.stockChanged(request.stationId);
    return { stationId: request.stationId, syncId: request.syncId, applied: rows.filter((r) => r.status === 'applied').length, stale: rows.filter((r) => r.status === 'stale').length, rows };
  }
}
