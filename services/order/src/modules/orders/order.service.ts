/**
 * Orders after they are placed: the member's list and detail, cancel, refund request; the payment service's
 * word that an order was paid or refunded; unpaid orders expiring. Every move goes through the transition table
 * (order-rules.ts) as a conditional update with its transition row (who, why, request id); what it asks of other
 * services (a refund, coupons back) is written in the same transaction (outbox).
 */
import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, LessThan, Not, type EntityManager, type FindOptionsWhere } from 'typeorm';
import {
  addOutboxEvent,
  CLOCK,
  currentContext,
  DomainError,
  ErrorCode,
  fen,
  forUpdate,
  isDefiniteRefusal,
  LOGGER,
  onPrimary,
  paymentContracts,
  SERVICE_ENV,
  ServiceClient,
  shanghaiWallClock,
  couponContracts,
  type Clock,
  type FuelBreakdown,
  type Logger,
  type Order,
  type OrderKind,
  type OrderStatus,
  type Page,
  type PumpBoardSignal,
  type StationOrderView,
  HOT_STORE,
  withDeadlockRetry,
  pumpBoardChannel,
  type HotStore,
  formatLitres,
  canonicalJson,
  isUniqueViolation,
  KeptReplies,
  type KeptKey,
} from '@fuel/shared';
import { ORDER_REFUND, ORDER_RELEASE, OrderEvents, type OrderRefundEvent, type OrderReleaseEvent } from './order-events.js';

import { FuelOrderLineEntity, MallOrderLineEntity, OrderEntity, OrderTrackingEntity, OrderTransitionEntity } from './order.entity.js';
import { Kuaidi100Client, type TrackingResult } from '../../infra/adapters/logistics/kuaidi100.client.js';
import type { OrderEnv } from '../../config/order-env.js';
import { MallFulfilment } from '../mall/mall-fulfilment.js';
import { CatalogueService } from '../products/catalogue.service.js';
import type { Basket } from './order-coupons.js';
import { canMove, orderNumber } from './order-rules.js';

export interface NewOrder {
  orderNo: string;
  kind: OrderKind;
  memberId: number;
  stationId: number;
  stationName: string;
  /** The pump amount, or the list price of the lines. */
  totalFen: number;
  breakdown: Pick<FuelBreakdown, 'payableFen' | 'memberDiscountFen' | 'couponDiscountFen' | 'coupons'>;
  fulfilment?: 'pickup' | 'express';
  memberRate?: number;
  addressId?: number;
  deliveryLabel?: string;
  /** Set when the client sent an Idempotency-Key. */
  placement?: PlacementKey;
}

/** What an order's view is made of besides its row (as read, or as placing just wrote it). */
export interface OrderParts {
  fuelLine?: Omit<FuelOrderLineEntity, 'id'>;
  mallLines: Array<Omit<MallOrderLineEntity, 'id'>>;
  transitions: Array<Pick<OrderTransitionEntity, 'fromStatus' | 'toStatus' | 'reason' | 'createdAt'>>;
  tracking: OrderTrackingEntity[];
}

/** A new order as its placing wrote it: answered from this, without reading it back. */
export interface WrittenOrder {
  order: OrderEntity;
  parts: OrderParts;
}

/** The client's Idempotency-Key of a placement, and a digest of what it asked (the same key for another order is refused). */
export interface PlacementKey {
  requestKey: string;
  digest: string;
}

export function placementKeyOf(requestKey: string | undefined, request: unknown): PlacementKey | undefined {
  return requestKey ? { requestKey, digest: createHash('sha256').update(canonicalJson(request)).digest('hex') } : undefined;
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** 8 characters from a CSPRNG: order numbers cannot be guessed from one another. */
export const randomCode = (length = 8) => [...randomBytes(length)].map((b) => ALPHABET[b % ALPHABET.length]).join('');

/** What each staff view of a station's orders shows. */
const STATION_VIEW_FILTERS: Record<StationOrderView, FindOptionsWhere<OrderEntity>> = {
  to_ship: { kind: 'mall', fulfilment: 'express', status: 'paid' },
  awaiting_pickup: { kind: 'mall', status: 'ready_for_pickup' },
  paid_fuel: { kind: 'fuel', status: 'paid' },
  refunds: { status: In(['refund_requested', 'refunded']) },
  all: { status: Not('pending_payment') },
};

@Injectable()
export class OrderService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly services: ServiceClient,
    private readonly events: OrderEvents,
    private readonly mall: MallFulfilment,
    private readonly catalogue: CatalogueService,
    private readonly logistics: Kuaidi100Client,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_ENV) private readonly env: OrderEnv,
    @Inject(HOT_STORE) private readonly hot: HotStore,
    private readonly kept: KeptReplies,
  ) {}

  async list(memberId: number, query: { kind?: OrderKind; status?: OrderStatus; page: number; pageSize: number }): Promise<Page<Order>> {
    const [rows, total] = await this.dataSource.getRepository(OrderEntity).findAndCount({
      where: { memberId, ...(query.kind ? { kind: query.kind } : {}), ...(query.status ? { status: query.status } : {}) },
      order: { id: 'DESC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items: await this.views(rows, false), total, page: query.page, pageSize: query.pageSize };
  }

  /** An order for its member (anyone else: 404, as if it did not exist) or for a system caller (memberId null). */
  /** A station's orders for its staff, by what needs doing, newest first. */
  async stationList(stationId: number, view: StationOrderView, page: number, pageSize: number): Promise<Page<Order>> {
    const where: FindOptionsWhere<OrderEntity> = { stationId, ...STATION_VIEW_FILTERS[view] };
    const [rows, total] = await this.dataSource.getRepository(OrderEntity).findAndCount({ where, order: { id: 'DESC' }, skip: (page - 1) * pageSize, take: pageSize });
    return { items: await this.views(rows, false), total, page, pageSize };
  }

  async get(orderNo: string, memberId: number | null): Promise<Order> {
    return (await this.views([await this.owned(orderNo, memberId)], true))[0];
  }

  /**
   * The member cancels an unpaid order. Its intent is closed first, at the payment service: once closed, no
   * payment can be taken (one arriving anyway is refunded by itself); if it was paid meanwhile, the cancel is
   * refused. Then the order moves and its coupons go back (outbox).
   */
  async cancel(orderNo: string, memberId: number | null, key?: KeptKey, reason = 'cancelled'): Promise<Order> {
    return this.kept.once<Order, null>(
      key,
      async (keep) => {
        const order = await this.owned(orderNo, memberId);
        if (order.status !== 'pending_payment') throw new DomainError(ErrorCode.CONFLICT, order.status === 'cancelled' ? '订单已取消' : '订单已支付，如需退款请申请退款', { status: order.status });
        if (order.intentNo) {
          try {
            await this.services.callAsSystem(paymentContracts.close, { intentNo: order.intentNo });
          } catch (error) {
            if (error instanceof DomainError && error.code === ErrorCode.CONFLICT) throw new DomainError(ErrorCode.CONFLICT, '订单已支付，如需退款请申请退款');
            throw error;
          }
        }
        await this.dataSource.transaction(async (manager) => {
          const locked = await this.lock(manager, orderNo);
          if (locked.status !== 'cancelled') await this.cancelIn(manager, locked, reason);
          await keep(manager, null);
        });
        await this.announceChangeOf(order);
        void this.events.deliver();
        return this.get(orderNo, memberId);
      },
      () => this.get(orderNo, memberId),
    );
  }

  /**
   * A paid order's money back: the order moves and the refund is asked for (outbox). A member may ask for a mall
   * order's; a fuel order's only the station's staff may grant (the fuel may have been pumped already).
   */
  async requestRefund(orderNo: string, memberId: number | null, key?: KeptKey): Promise<Order> {
    return this.kept.once<Order, null>(
      key,
      async (keep) => {
        const owned = await this.owned(orderNo, memberId);
        if (memberId !== null && owned.kind === 'fuel') throw new DomainError(ErrorCode.CONFLICT, '加油订单退款请联系加油站工作人员');
        await this.dataSource.transaction(async (manager) => {
          const order = await this.lock(manager, orderNo);
          if (!canMove(order.status, 'refund_requested')) throw new DomainError(ErrorCode.CONFLICT, order.status === 'pending_payment' ? '订单未支付，可直接取消' : '该订单当前不能退款', { status: order.status });
          await this.move(manager, order, 'refund_requested', 'member-request');
          if (order.kind === 'mall') await this.mall.refundRequested(manager, order);
          await this.askRefund(manager, order);
          await keep(manager, null);
        });
        await this.announceChangeOf(owned);
        void this.events.deliver();
        return this.get(orderNo, memberId);
      },
      () => this.get(orderNo, memberId),
    );
  }

  /** The payment service: the order's intent was paid. Once; a payment for a cancelled order goes back. */
  async paid(orderNo: string, intentNo: string, amountFen: number): Promise<Order> {
    const order = await this.dataSource.transaction(async (manager) => {
      const order = await this.lock(manager, orderNo);
      if (order.intentNo !== intentNo || order.payableFen !== amountFen) throw new DomainError(ErrorCode.CONFLICT, '支付与订单不符', { orderNo, intentNo, amountFen });
      if (order.status === 'pending_payment') {
        await this.move(manager, order, 'paid', 'payment', { paidAt: this.clock.now() });
        if (order.kind === 'mall') await this.mall.paid(manager, { ...order, status: 'paid' }, (o, to, reason, alongside) => this.move(manager, o, to, reason, alongside));
      } else if (order.status === 'cancelled') {
        this.logger.warn({ orderNo, intentNo }, 'payment arrived for a cancelled order: refunded');
        await this.askRefund(manager, order);
      }
      return order;
    });
    await this.announceChangeOf(order);
    void this.events.deliver();
    return this.get(orderNo, null);
  }

  /** The attendant's redemption of a pickup code at their station: once; the code is spent. */
  async redeemPickup(stationId: number, code: string, redeemedWith: string | null = null): Promise<Order> {
    // Two counters confirming one code at once can deadlock on the code's index entry: the victim runs again and
    // finds the code spent (404), as if it had come second.
    const orderNo = await withDeadlockRetry(() =>
      this.dataSource.transaction(async (manager) => {
        const order = await this.mall.byOpenCode(manager, stationId, code);
        await this.move(manager, order, 'picked_up', 'redeemed', { openPickupCode: null });
        await this.move(manager, { ...order, status: 'picked_up' }, 'completed', 'redeemed', { redeemedWith });
        return order.orderNo;
      }),
    );
    return this.get(orderNo, null);
  }

  /**
   * The station hands a paid express order to the carrier: the waybill is subscribed for tracking first (if the
   * carrier's service refuses, nothing changes), then the order moves to shipped. The same waybill again: done.
   */
  async ship(orderNo: string, carrier: string, waybillNo: string): Promise<Order> {
    const order = await this.owned(orderNo, null);
    if (order.kind !== 'mall' || order.fulfilment !== 'express') throw new DomainError(ErrorCode.CONFLICT, '该订单不是快递配送');
    if (order.status === 'shipped' && order.waybillNo === waybillNo && order.carrier === carrier) return this.get(orderNo, null);
    if (order.status !== 'paid') throw new DomainError(ErrorCode.CONFLICT, '订单当前状态不能发货', { status: order.status });
    await this.logistics.subscribe(carrier, waybillNo);
    await this.dataSource.transaction(async (manager) => this.move(manager, await this.lock(manager, orderNo), 'shipped', 'shipped', { carrier, waybillNo }));
    return this.get(orderNo, null);
  }

  /** A carrier's tracking push: verified, each event kept once; 签收 (state 3) delivers the order. */
  async trackingPush(rawBody: string): Promise<{ accepted: true }> {
    const result = this.logistics.verifyPush(rawBody);
    if (!result) {
      this.logger.warn({ length: rawBody.length }, 'logistics push refused: bad signature or content');
      throw new DomainError(ErrorCode.UNAUTHENTICATED, '推送校验失败');
    }
    await this.applyTracking(result);
    return { accepted: true };
  }

  /**
   * The fallback for lost pushes: shipped orders whose tracking has not moved for LOGISTICS_POLL_AFTER_SECONDS
   * are asked for at the carrier, and what it says is applied like a push.
   */
  async pollTracking(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.env.LOGISTICS_POLL_AFTER_SECONDS * 1000);
    const quiet = await onPrimary(this.dataSource, (m) => m.find(OrderEntity, { where: { status: 'shipped', updatedAt: LessThan(before) }, order: { updatedAt: 'ASC' }, take: 50 }));
    let polled = 0;
    for (const order of quiet) {
      try {
        const result = await this.logistics.query(order.carrier!, order.waybillNo!);
        if (result) await this.applyTracking(result);
        // Asked: the next question waits another period (a delivered order has moved on anyway).
        await this.dataSource.getRepository(OrderEntity).update({ id: order.id, status: 'shipped' }, { updatedAt: this.clock.now() });
        polled++;
      } catch (error) {
        this.logger.warn({ orderNo: order.orderNo, err: String(error) }, 'tracking query failed; next run');
      }
    }
    return polled;
  }

  /** Tracking from a push or a query, applied once per event; an unknown waybill is refused. */
  async applyTracking(result: TrackingResult): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const order = await manager.findOne(OrderEntity, { where: { carrier: result.carrier, waybillNo: result.waybillNo }, ...forUpdate(this.dataSource) });
      if (!order) throw DomainError.notFound('运单', result.waybillNo);
      for (const event of result.events) {
        await manager.createQueryBuilder().insert().into(OrderTrackingEntity).values({ orderId: order.id, eventTime: event.time, context: event.context.slice(0, 255), status: event.status.slice(0, 16) }).orIgnore().execute();
      }
      if (result.state === '3' && order.status === 'shipped') await this.move(manager, order, 'delivered', 'signed');
    });
  }

  /** The payment service: the refund reached the payer. */
  async refunded(orderNo: string): Promise<Order> {
    await this.dataSource.transaction(async (manager) => {
      const order = await this.lock(manager, orderNo);
      if (order.status === 'refund_requested') await this.move(manager, order, 'refunded', 'refund');
    });
    return this.get(orderNo, null);
  }

  /**
   * The second half of placing any order, after its rows were written: its coupons held for it, then its payment
   * intent. Coupons refused meanwhile (used by another order): the order is cancelled (what it reserved goes back)
   * and the refusal returned. If the intent cannot be created, the order stays unpaid and expires.
   */
  async holdAndCharge(orderNo: string, memberId: number, couponIds: number[], basket: Basket, intent: { payableKind: 'fuel_order' | 'mall_order'; amountFen: number; description: string }, written?: WrittenOrder): Promise<Order> {
    if (couponIds.length) {
      try {
        await this.services.callAsSystem(couponContracts.lock, { memberId, couponIds, orderRef: orderNo, basket });
      } catch (error) {
        // Refused (used by another order meanwhile): this order never could be paid. No answer (a timeout): the
        // lock may still land, so the order stays unpaid and its expiry returns the coupons later.
        if (isDefiniteRefusal(error)) await this.cancelQuietly(orderNo, 'coupon-refused');
        throw error;
      }
    }
    // Idempotent by payable: a retry after no answer gets the same intent.
    const request = { ...intent, description: intent.description.slice(0, 127), payableRef: orderNo, memberId, expiresInSeconds: this.env.ORDER_EXPIRES_SECONDS, couponIds };
    const created = await this.services.callAsSystem(paymentContracts.createForPayable, request).catch(() => this.services.callAsSystem(paymentContracts.createForPayable, request));
    // Only onto an order still waiting for it: one cancelled meanwhile (another device) gets its intent closed.
    const attached = await this.dataSource.getRepository(OrderEntity).update({ orderNo, status: 'pending_payment' }, { intentNo: created.intentNo });
    if (attached.affected !== 1) {
      await this.services.callAsSystem(paymentContracts.close, { intentNo: created.intentNo });
      if (couponIds.length) await this.services.callAsSystem(couponContracts.release, { couponIds, orderRef: orderNo });
      throw new DomainError(ErrorCode.CONFLICT, '订单已取消');
    }
    // Just written, and only its intent number has changed since (the update above): no read-back.
    return written ? orderView({ ...written.order, intentNo: created.intentNo }, written.parts) : this.get(orderNo, memberId);
  }

  /**
   * A placement retried with its Idempotency-Key (its first answer lost: a timeout, a dropped connection): the order
   * that first request placed, or undefined when the key is new. The same key with another request is refused.
   */
  async placedWith(memberId: number, placement: PlacementKey | undefined): Promise<OrderEntity | undefined> {
    if (!placement) return undefined;
    const order = await onPrimary(this.dataSource, (m) => m.findOneBy(OrderEntity, { memberId, requestKey: placement.requestKey }));
    if (order && order.requestDigest !== placement.digest) throw DomainError.keyReused();
    return order ?? undefined;
  }

  /**
   * The answer to a retried placement: the order as it stands — after the second half of its placing (its coupons
   * held, its intent created: both once per order whoever asks) if the first request stopped before it. `charge`
   * says what that half needs (the basket, the intent's text); it is asked only then.
   */
  async finishPlacing(order: OrderEntity, charge: () => Promise<{ basket: Basket; payableKind: 'fuel_order' | 'mall_order'; description: string }>): Promise<Order> {
    if (order.intentNo || order.status !== 'pending_payment') return this.get(order.orderNo, order.memberId);
    const { basket, payableKind, description } = await charge();
    return this.holdAndCharge(order.orderNo, order.memberId, order.couponIds, basket, { payableKind, description, amountFen: order.payableFen });
  }

  /**
   * The first half of placing any order, inside the caller's transaction: its row — unpaid until its time runs
   * out, with the server's breakdown and the coupons it will hold — and its first transition. The caller adds its
   * lines (and reserves stock) in the same transaction.
   */
  async insertOrder(manager: EntityManager, order: NewOrder): Promise<OrderEntity> {
    const now = this.clock.now();
    const { breakdown } = order;
    const row: Omit<OrderEntity, 'id'> = {
      orderNo: order.orderNo,
      kind: order.kind,
      memberId: order.memberId,
      stationId: order.stationId,
      stationName: order.stationName,
      status: 'pending_payment',
      totalFen: fen(order.totalFen),
      payableFen: fen(breakdown.payableFen),
      memberDiscountFen: fen(breakdown.memberDiscountFen),
      couponDiscountFen: fen(breakdown.couponDiscountFen),
      couponIds: breakdown.coupons.map((c) => c.id),
      couponNames: breakdown.coupons.map((c) => `${c.id}:${c.discountFen}:${c.name}`).join('|'),
      intentNo: null,
      fulfilment: order.fulfilment ?? null,
      pickupCode: null,
      openPickupCode: null,
      addressId: order.addressId ?? null,
      deliveryLabel: order.deliveryLabel ?? null,
      carrier: null,
      waybillNo: null,
      memberRate: order.memberRate ?? null,
      requestKey: order.placement?.requestKey ?? null,
      requestDigest: order.placement?.digest ?? null,
      redeemedWith: null,
      expiresAt: new Date(now.getTime() + this.env.ORDER_EXPIRES_SECONDS * 1000),
      paidAt: null,
      createdAt: now,
      updatedAt: now,
    };
    const { identifiers } = await this.insertRow(manager, row, order.placement !== undefined);
    const id = Number(identifiers[0].id);
    await this.record(manager, id, null, 'pending_payment', PLACED, now);
    return { ...row, id };
  }

  /** Another request with the same key (a retry racing its first) makes the unique key refuse the row: in progress. */
  private async insertRow(manager: EntityManager, row: Omit<OrderEntity, 'id'>, keyed: boolean) {
    try {
      return await manager.insert(OrderEntity, row);
    } catch (error) {
      if (keyed && isUniqueViolation(error)) throw new DomainError(ErrorCode.IDEMPOTENCY_IN_PROGRESS, '请求正在处理中，请稍后重试');
      throw error;
    }
  }

  /** A new order number: F (fuel) or M (mall), the Beijing date, 8 characters from a CSPRNG. */
  newOrderNo(kind: OrderKind): string {
    return orderNumber(kind, shanghaiWallClock(this.clock.now()).toISOString().slice(0, 10), randomCode());
  }

  /** Unpaid orders past their time: cancelled like a member's cancel (the intent closed first). */
  async expireUnpaid(): Promise<number> {
    // After a grace: the intent (created a moment after the order) and the providers' own deadline have passed,
    // so no payment can still be on its way when the intent is closed.
    const before = new Date(this.clock.now().getTime() - this.env.ORDER_EXPIRY_GRACE_SECONDS * 1000);
    const due = await onPrimary(this.dataSource, (m) => m.find(OrderEntity, { where: { status: 'pending_payment', expiresAt: LessThan(before) }, order: { id: 'ASC' }, take: 200 }));
    let expired = 0;
    for (const order of due) {
      try {
        await this.cancel(order.orderNo, null, undefined, 'expired');
        expired++;
      } catch (error) {
        // Paid at the last moment (its paid event is on its way), or the payment service away: next run.
        this.logger.warn({ orderNo: order.orderNo, err: String(error) }, 'unpaid order not expired this time');
      }
    }
    return expired;
  }

  /** Moves an order along the table once (conditional on its status), with its transition row. */
  async move(manager: EntityManager, order: OrderEntity, to: OrderStatus, reason: string, alongside: Partial<Pick<OrderEntity, 'paidAt' | 'intentNo' | 'pickupCode' | 'openPickupCode' | 'carrier' | 'waybillNo' | 'redeemedWith'>> = {}): Promise<void> {
    if (!canMove(order.status, to)) throw new DomainError(ErrorCode.CONFLICT, '订单当前状态不允许此操作', { from: order.status, to });
    const now = this.clock.now();
    const moved = await manager.update(OrderEntity, { id: order.id, status: order.status }, { status: to, updatedAt: now, ...alongside });
    if (moved.affected !== 1) throw new DomainError(ErrorCode.CONFLICT, '订单状态已变化，请刷新后重试');
    await this.record(manager, order.id, order.status, to, reason);
  }

  async record(manager: EntityManager, orderId: number, from: OrderStatus | null, to: OrderStatus, reason: string, at = this.clock.now()): Promise<void> {
    const context = currentContext();
    const actor = context?.actor ? `${context.actor.kind}:${context.actor.id}` : 'system:order';
    await manager.insert(OrderTransitionEntity, { orderId, fromStatus: from, toStatus: to, reason, actor, requestId: context?.requestId ?? null, createdAt: at });
  }

  /** After a commit that moved a mall order's stock: the catalogue's copies of its station are dropped. */
  /**
   * After a commit that changed an order: a mall order's station drops its stock copies; a fuel order's station is
   * told its pump board changed (the staff channel, pumpBoardChannel). An announcement lost is caught up by the
   * screens' polling, so a failure here is logged, not raised.
   */
  async announceChangeOf(order: Pick<OrderEntity, 'kind' | 'stationId' | 'orderNo'>): Promise<void> {
    if (order.kind === 'mall') return this.catalogue.stockChanged(order.stationId);
    const signal: PumpBoardSignal = { stationId: order.stationId, orderNo: order.orderNo };
    await this.hot.publish(pumpBoardChannel(order.stationId), JSON.stringify(signal)).catch((error: unknown) => this.logger.warn({ err: error, orderNo: order.orderNo }, 'pump board announcement failed'));
  }

  private async cancelQuietly(orderNo: string, reason: string): Promise<void> {
    const order = await this.dataSource.transaction(async (manager) => {
      const locked = await this.lock(manager, orderNo);
      if (locked.status === 'pending_payment') await this.cancelIn(manager, locked, reason);
      return locked;
    });
    await this.announceChangeOf(order);
  }

  /** Cancelled: what it reserved goes back now, its coupons through the outbox. */
  private async cancelIn(manager: EntityManager, order: OrderEntity, reason: string): Promise<void> {
    await this.move(manager, order, 'cancelled', reason);
    if (order.kind === 'mall') await this.mall.released(manager, order);
    await addOutboxEvent<OrderReleaseEvent>(manager, { topic: ORDER_RELEASE, aggregateId: order.orderNo, payload: { orderNo: order.orderNo, couponIds: order.couponIds } });
  }

  private async askRefund(manager: EntityManager, order: OrderEntity): Promise<void> {
    if (!order.intentNo) throw new DomainError(ErrorCode.CONFLICT, '订单没有支付记录');
    const payload: OrderRefundEvent = { orderNo: order.orderNo, intentNo: order.intentNo, refundNo: `R-${order.orderNo}`, amountFen: order.payableFen };
    await addOutboxEvent(manager, { topic: ORDER_REFUND, aggregateId: order.orderNo, payload });
  }

  async lock(manager: EntityManager, orderNo: string): Promise<OrderEntity> {
    const order = await manager.findOne(OrderEntity, { where: { orderNo }, ...forUpdate(this.dataSource) });
    if (!order) throw DomainError.notFound('订单', orderNo);
    return order;
  }

  /** From the primary (an order is read right after it changes); another member's order does not exist for them. */
  private async owned(orderNo: string, memberId: number | null): Promise<OrderEntity> {
    const order = await onPrimary(this.dataSource, (m) => m.findOneBy(OrderEntity, { orderNo }));
    if (!order || (memberId !== null && order.memberId !== memberId)) throw DomainError.notFound('订单', orderNo);
    return order;
  }

  async views(orders: OrderEntity[], withTransitions: boolean): Promise<Order[]> {
    if (!orders.length) return [];
    const ids = orders.map((o) => o.id);
    const [lines, mallLines, transitions, tracking] = await onPrimary(this.dataSource, (m) =>
      Promise.all([
        m.findBy(FuelOrderLineEntity, { orderId: In(ids) }),
        m.find(MallOrderLineEntity, { where: { orderId: In(ids) }, order: { id: 'ASC' } }),
        withTransitions ? m.find(OrderTransitionEntity, { where: { orderId: In(ids) }, order: { id: 'ASC' } }) : Promise.resolve([]),
        withTransitions ? m.find(OrderTrackingEntity, { where: { orderId: In(ids) }, order: { eventTime: 'DESC', id: 'DESC' } }) : Promise.resolve([]),
      ]),
    );
    return orders.map((order) =>
      orderView(order, {
        fuelLine: lines.find((l) => l.orderId === order.id),
        mallLines: mallLines.filter((l) => l.orderId === order.id),
        transitions: transitions.filter((t) => t.orderId === order.id),
        tracking: tracking.filter((t) => t.orderId === order.id),
      }),
    );
  }
}

/** The reason of every order's first transition. */
const PLACED = 'placed';

/** An order insertOrder has just written (its row, at the instant of its first transition) with its lines. */
export function justPlaced(order: OrderEntity, lines: Pick<OrderParts, 'fuelLine'> | Pick<OrderParts, 'mallLines'>): WrittenOrder {
  return { order, parts: { mallLines: [], ...lines, transitions: [{ fromStatus: null, toStatus: 'pending_payment', reason: PLACED, createdAt: order.createdAt }], tracking: [] } };
}

export function orderView(order: OrderEntity, parts: OrderParts): Order {
  return {
    orderNo: order.orderNo,
    kind: order.kind,
    status: order.status,
    stationId: order.stationId,
    stationName: order.stationName,
    memberId: order.memberId,
    intentNo: order.intentNo,
    totalFen: order.totalFen,
    payableFen: order.payableFen,
    fuel: parts.fuelLine ? fuelView(order, parts.fuelLine) : null,
    mall: order.kind === 'mall' ? mallView(order, parts.mallLines, parts.tracking) : null,
    createdAt: order.createdAt.toISOString(),
    expiresAt: order.expiresAt.toISOString(),
    paidAt: order.paidAt?.toISOString() ?? null,
    transitions: parts.transitions.map((t) => ({ from: t.fromStatus, to: t.toStatus, reason: t.reason, at: t.createdAt.toISOString() })),
  };
}

export function mallView(order: OrderEntity, lines: OrderParts['mallLines'], tracking: OrderTrackingEntity[]): NonNullable<Order['mall']> {
  return {
    stationId: order.stationId,
    lines: lines.map((l) => ({ productId: l.productId, sku: l.sku, name: l.name, category: l.category, quantity: l.quantity, unitFen: l.unitFen, listFen: l.listFen, memberFen: l.memberFen })),
    listFen: order.totalFen,
    memberDiscountFen: order.memberDiscountFen,
    couponDiscountFen: order.couponDiscountFen,
    payableFen: order.payableFen,
    perMille: order.memberRate ?? 1000,
    coupons: couponsOf(order),
    fulfilment: order.fulfilment ?? 'pickup',
    // The code only once paid, and only while it can be used.
    pickupCode: order.status === 'ready_for_pickup' ? order.pickupCode : null,
    express: order.fulfilment === 'express' ? { deliveryLabel: order.deliveryLabel ?? '', carrier: order.carrier, waybillNo: order.waybillNo, tracking: tracking.map((t) => ({ time: t.eventTime, context: t.context, status: t.status })) } : null,
  };
}

/** The coupons of an order as the member saw them when ordering. */
export function couponsOf(order: Pick<OrderEntity, 'couponNames'>): FuelBreakdown['coupons'] {
  return order.couponNames
    ? order.couponNames.split('|').map((entry) => {
        const [id, discountFen, ...name] = entry.split(':');
        return { id: Number(id), discountFen: Number(discountFen), name: name.join(':') };
      })
    : [];
}

export function fuelView(order: OrderEntity, line: NonNullable<OrderParts['fuelLine']>): FuelBreakdown {
  return {
    stationId: order.stationId,
    pumpNumber: line.pumpNumber,
    grade: line.grade,
    amountFen: order.totalFen,
    regularUnitFen: line.regularUnitFen,
    memberUnitFen: line.memberUnitFen,
    priceKey: line.priceKey,
    litres: formatLitres(line.centilitres),
    memberDiscountFen: order.memberDiscountFen,
    couponDiscountFen: order.couponDiscountFen,
    payableFen: order.payableFen,
    coupons: couponsOf(order),
  };
}
