/**
 * Per-station stock changes, each one conditional update plus its movement row (both deltas and the values
 * after), inside the caller's transaction: Σ delta = on hand, Σ reserved_delta = reserved, for every row.
 * - reserve: an order placed; refused (nothing changes) unless on hand − reserved covers it;
 * - release: an unpaid order cancelled or expired;
 * - take: a paid order's goods leave the stock (on hand and reserved both go down);
 * - give back: a paid, not yet collected order refunded: its goods are on the shelf again.
 */
import type { EntityManager } from 'typeorm';
import { DomainError, ErrorCode } from '@fuel/shared';
import { StationStockEntity, StockMovementEntity } from '../products/product.entity.js';

type Change = { stationId: number; productId: number; quantity: number; reference: string; name?: string };

async function apply(manager: EntityManager, change: Change, deltas: { onHand: number; reserved: number }, condition: string, reason: string): Promise<boolean> {
  const result = await manager
    .createQueryBuilder()
    .update(StationStockEntity)
    .set({ quantity: () => `quantity + ${deltas.onHand}`, reserved: () => `reserved + ${deltas.reserved}` })
    .where('station_id = :stationId AND product_id = :productId', { stationId: change.stationId, productId: change.productId })
    .andWhere(condition, { quantity: change.quantity })
    .execute();
  if (result.affected !== 1) return false;
  const after = await manager.findOneByOrFail(StationStockEntity, { stationId: change.stationId, productId: change.productId });
  // Every column given: TypeORM would otherwise read the row back for its defaults (a round trip per movement).
  await manager
    .createQueryBuilder()
    .insert()
    .into(StockMovementEntity)
    .values({ stationId: change.stationId, productId: change.productId, delta: deltas.onHand, quantityAfter: after.quantity, reservedDelta: deltas.reserved, reservedAfter: after.reserved, reason, reference: change.reference })
    .updateEntity(false)
    .execute();
  return true;
}

export async function reserveStock(manager: EntityManager, change: Change): Promise<void> {
  const reserved = await apply(manager, change, { onHand: 0, reserved: change.quantity }, 'quantity - reserved >= :quantity', 'reserve');
  if (!reserved) throw new DomainError(ErrorCode.OUT_OF_STOCK, `${change.name ?? '商品'}库存不足`, { productId: change.productId });
}

export async function releaseStock(manager: EntityManager, change: Change): Promise<void> {
  await apply(manager, change, { onHand: 0, reserved: -change.quantity }, 'reserved >= :quantity', 'release');
}

export async function takeStock(manager: EntityManager, change: Change): Promise<void> {
  const taken = await apply(manager, change, { onHand: -change.quantity, reserved: -change.quantity }, 'reserved >= :quantity', 'sale');
  if (!taken) throw new Error(`reserved stock missing for ${change.reference}/${change.productId}`);
}

export async function giveBackStock(manager: EntityManager, change: Change): Promise<void> {
  await apply(manager, change, { onHand: change.quantity, reserved: 0 }, '1 = 1', 'return');
}
