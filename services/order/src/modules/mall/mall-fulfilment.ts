/**
 * What a mall order does to stock and pickup codes as it moves (inside the order's transaction):
 * - paid: its reserved goods are taken, and it gets a 6-digit pickup code (CSPRNG), unique among the station's
 *   open pickup orders (a unique index on the open code; a clash draws again) → ready for pickup;
 * - cancelled or expired unpaid: its reservation goes back;
 * - refund asked before pickup: its goods are on the shelf again and its code no longer works;
 * - redeemed by the attendant: picked up and completed, the code spent.
 */
import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, ErrorCode, forUpdate, isUniqueViolation, type OrderStatus } from '@fuel/shared';
import { DataSource } from 'typeorm';
import { MallOrderLineEntity, OrderEntity } from '../orders/order.entity.js';
import { giveBackStock, releaseStock, takeStock } from './stock-ledger.js';

type Move = (order: OrderEntity, to: OrderStatus, reason: string, alongside?: Partial<Pick<OrderEntity, 'pickupCode' | 'openPickupCode'>>) => Promise<void>;

const CODE_DRAWS = 20;
export const drawPickupCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

@Injectable()
export class MallFulfilment {
  constructor(private readonly dataSource: DataSource) {}

  async paid(manager: EntityManager, order: OrderEntity, move: Move): Promise<void> {
    for (const line of await this.lines(manager, order)) await takeStock(manager, { stationId: order.stationId, productId: line.productId, quantity: line.quantity, reference: order.orderNo });
    // Express: the goods wait for the station to hand them to the carrier; no code.
    if (order.fulfilment === 'express') return;
    for (let draw = 0; draw < CODE_DRAWS; draw++) {
      const code = drawPickupCode();
      try {
        await move(order, 'ready_for_pickup', 'paid-for-pickup', { pickupCode: code, openPickupCode: code });
        return;
      } catch (error) {
        // Taken by another open order of this station: draw again (the failed statement changed nothing).
        if (!isUniqueViolation(error)) throw error;
      }
    }
    throw new Error(`no free pickup code at station ${order.stationId} after ${CODE_DRAWS} draws`);
  }

  async released(manager: EntityManager, order: OrderEntity): Promise<void> {
    for (const line of await this.lines(manager, order)) await releaseStock(manager, { stationId: order.stationId, productId: line.productId, quantity: line.quantity, reference: order.orderNo });
  }

  /** `order` as it was before the move to refund_requested. */
  async refundRequested(manager: EntityManager, order: OrderEntity): Promise<void> {
    // Still in the store: waiting for pickup, or paid for express and not yet handed to the carrier.
    if (order.status !== 'ready_for_pickup' && !(order.status === 'paid' && order.fulfilment === 'express')) return;
    for (const line of await this.lines(manager, order)) await giveBackStock(manager, { stationId: order.stationId, productId: line.productId, quantity: line.quantity, reference: order.orderNo });
    await manager.update(OrderEntity, { id: order.id }, { openPickupCode: null });
  }

  /** The order behind an open code at this station, locked; a wrong or spent code finds nothing. */
  async byOpenCode(manager: EntityManager, stationId: number, code: string): Promise<OrderEntity> {
    const order = await manager.findOne(OrderEntity, { where: { stationId, openPickupCode: code }, ...forUpdate(this.dataSource) });
    if (!order || order.status !== 'ready_for_pickup') throw new DomainError(ErrorCode.NOT_FOUND, '取货码无效或已使用');
    return order;
  }

  private lines(manager: EntityManager, order: OrderEntity): Promise<MallOrderLineEntity[]> {
    return manager.find(MallOrderLineEntity, { where: { orderId: order.id }, order: { productId: 'ASC' } });
  }
}
