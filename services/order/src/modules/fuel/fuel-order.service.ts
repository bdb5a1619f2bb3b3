/**
 * 一键加油: the driver states station, pump, grade and the pump's amount; the server prices it (the station's live
 * prices from the map service, the member's tier from the user service, the coupon from the card pack, the rule in
 * fuel-pricing.ts) — no amount from the client is ever used. Placing holds the coupons for the order and asks the
 * payment service for an intent with the payable; the order is paid through it (wallet, WeChat Pay, Alipay).
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  CLOCK,
  DomainError,
  ErrorCode,
  fen,
  mapContracts,
  memberContracts,
  onPrimary,
  ServiceClient,
  shanghaiWallClock,
  type Clock,
  type FuelBreakdown,
  type Order,
  type PumpBoard,
  type StationDetail,
  formatLitres,
} from '@fuel/shared';
import type { z } from 'zod';
import type { fuelOrderRequest } from '@fuel/shared';
import { FuelOrderLineEntity, OrderEntity } from '../orders/order.entity.js';
import { orderCoupons } from '../orders/order-coupons.js';
import { justPlaced, OrderService, placementKeyOf } from '../orders/order.service.js';
import { fuelPrice } from './fuel-pricing.js';

type FuelOrderRequest = z.infer<typeof fuelOrderRequest>;

@Injectable()
export class FuelOrderService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly services: ServiceClient,
    private readonly orders: OrderService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The breakdown for this pump and amount; without `couponIds` the best coupon is chosen, `[]` uses none. */
  async quote(memberId: number, request: FuelOrderRequest): Promise<FuelBreakdown> {
    return (await this.price(memberId, request)).breakdown;
  }

  /** With the client's Idempotency-Key, a retry whose first answer was lost gets the order that first one placed. */
  async place(memberId: number, request: FuelOrderRequest, requestKey?: string): Promise<Order> {
    const placement = placementKeyOf(requestKey, request);
    // An order placed before closing and retried after it (its intent not yet made) is finished, not refused.
    const charge = async (checkHours = true) => {
      const { breakdown, station, centilitres } = await this.price(memberId, request, checkHours);
      return { breakdown, station, centilitres, basket: basketOf(request), payableKind: 'fuel_order' as const, description: `${station.name} ${breakdown.pumpNumber}号枪 ${breakdown.grade}#` };
    };
    const earlier = await this.orders.placedWith(memberId, placement);
    if (earlier) return this.orders.finishPlacing(earlier, () => charge(false));
    const { breakdown, station, centilitres, description } = await charge();
    if (breakdown.payableFen < 1) throw new DomainError(ErrorCode.UNPROCESSABLE, '优惠后金额为零，请调整加油金额或不使用优惠券');
    const orderNo = this.orders.newOrderNo('fuel');
    const written = await this.dataSource.transaction(async (manager) => {
      const order = await this.orders.insertOrder(manager, { orderNo, kind: 'fuel', memberId, stationId: station.id, stationName: station.name, totalFen: breakdown.amountFen, breakdown, placement });
      const fuelLine = {
        orderId: order.id,
        pumpNumber: breakdown.pumpNumber,
        grade: breakdown.grade,
        priceKey: breakdown.priceKey,
        regularUnitFen: fen(breakdown.regularUnitFen),
        memberUnitFen: fen(breakdown.memberUnitFen),
        centilitres,
      };
      await manager.insert(FuelOrderLineEntity, fuelLine);
      return justPlaced(order, { fuelLine });
    });
    return this.orders.holdAndCharge(orderNo, memberId, breakdown.coupons.map((c) => c.id), basketOf(request), { payableKind: 'fuel_order', amountFen: breakdown.payableFen, description }, written);
  }

  /** Paid fuel orders of a station today (Beijing), by pump: what the attendant's board shows. */
  async pumpBoard(stationId: number): Promise<PumpBoard> {
    const startOfDay = new Date(`${shanghaiWallClock(this.clock.now()).toISOString().slice(0, 10)}T00:00:00+08:00`);
    const rows = await onPrimary(this.dataSource, (m) =>
      m
        .createQueryBuilder(OrderEntity, 'o')
        .innerJoin(FuelOrderLineEntity, 'l', 'l.order_id = o.id')
        .select(['o.order_no AS orderNo', 'o.total_fen AS amountFen', 'o.payable_fen AS payableFen', 'o.paid_at AS paidAt', 'o.station_id AS stationId', 'l.pump_number AS pumpNumber', 'l.grade AS grade', 'l.centilitres AS centilitres'])
        .where("o.station_id = :stationId AND o.kind = 'fuel' AND o.status = 'paid' AND o.paid_at >= :startOfDay", { stationId, startOfDay })
        .orderBy('o.paid_at', 'ASC')
        .getRawMany<{ orderNo: string; amountFen: string; payableFen: string; paidAt: Date; pumpNumber: number; grade: FuelBreakdown['grade']; centilitres: number }>(),
    );
    const pumps = new Map<number, PumpBoard['pumps'][number]>();
    for (const row of rows) {
      const pump = pumps.get(Number(row.pumpNumber)) ?? { pumpNumber: Number(row.pumpNumber), orders: [] };
      pump.orders.push({ orderNo: row.orderNo, grade: row.grade, litres: formatLitres(Number(row.centilitres)), amountFen: Number(row.amountFen), payableFen: Number(row.payableFen), paidAt: new Date(row.paidAt).toISOString() });
      pumps.set(pump.pumpNumber, pump);
    }
    return { stationId, pumps: [...pumps.values()].sort((a, b) => a.pumpNumber - b.pumpNumber) };
  }

  private async price(memberId: number, request: FuelOrderRequest, checkHours = true): Promise<{ breakdown: FuelBreakdown; station: StationDetail; centilitres: number }> {
    const [station, pricing] = await Promise.all([
      this.services.callAsSystem(mapContracts.getStation, { id: request.stationId }),
      this.services.callAsSystem(memberContracts.pricing, { memberId }),
    ]);
    // Closed by its operator, or outside its hours: nobody is at the pump to start it.
    if (station.status !== 'open') throw new DomainError(ErrorCode.STATION_CLOSED, '该加油站暂停营业');
    if (checkHours && !station.openNow) throw new DomainError(ErrorCode.STATION_CLOSED, '该加油站现在休息中，请在营业时间内加油', { openingHours: station.openingHours });
    const pump = station.pumps.find((p) => p.number === request.pumpNumber);
    if (!pump) throw DomainError.invalid([{ field: 'body.pumpNumber', message: '该站没有这个油枪号' }]);
    if (!pump.nozzles.some((n) => n.grade === request.grade)) throw DomainError.invalid([{ field: 'body.grade', message: `${request.pumpNumber}号枪不加${request.grade}#` }]);
    const price = station.prices.find((p) => p.grade === request.grade);
    if (!price) throw DomainError.invalid([{ field: 'body.grade', message: '该站暂无此油品价格' }]);
    const memberUnitFen = pricing.fuelPrice === 'regular' ? price.regularFen : price.memberFen[pricing.fuelPrice];
    const coupons = await orderCoupons(this.services, memberId, request.couponIds, basketOf(request));
    const priced = fuelPrice({ amountFen: request.amountFen, regularUnitFen: price.regularFen, memberUnitFen, couponDiscountFen: coupons.discountFen });
    return {
      station,
      centilitres: priced.centilitres,
      breakdown: {
        stationId: station.id,
        pumpNumber: pump.number,
        grade: request.grade,
        amountFen: request.amountFen,
        regularUnitFen: price.regularFen,
        memberUnitFen,
        priceKey: pricing.fuelPrice,
        litres: priced.litres,
        memberDiscountFen: priced.memberDiscountFen,
        couponDiscountFen: priced.couponDiscountFen,
        payableFen: priced.payableFen,
        coupons: coupons.coupons.map((c) => ({ id: c.id, name: c.name, discountFen: c.discountFen })),
      },
    };
  }

}

/** A fuel coupon's threshold is the pump amount (what the driver sees), its discount off the member amount. */
const basketOf = (request: FuelOrderRequest) => ({ kind: 'fuel' as const, grade: request.grade, amountFen: request.amountFen });

