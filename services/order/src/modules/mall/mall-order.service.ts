/**
 * Mall orders for pickup at a station: priced by the server (the catalogue's prices, the member's tier rate, the
 * coupon; mall-pricing.ts), the stock reserved in the same transaction as the order — one conditional update per
 * line, so no order ever holds more than the station has — then its coupons held and its payment intent created.
 */
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import {
  addressContracts,
  maskName,
  maskPhone,
  DomainError,
  ErrorCode,
  failpoint,
  fen,
  memberContracts,
  ServiceClient,
  type MallBreakdown,
  type Order,
} from '@fuel/shared';
import type { z } from 'zod';
import type { mallOrderRequest } from '@fuel/shared';
import { orderCoupons, type Basket } from '../orders/order-coupons.js';
import { MallOrderLineEntity } from '../orders/order.entity.js';
import { justPlaced, OrderService, placementKeyOf } from '../orders/order.service.js';
import { CatalogueService } from '../products/catalogue.service.js';
import { ProductEntity, StationStockEntity } from '../products/product.entity.js';
import { mallPrice } from './mall-pricing.js';
import { reserveStock } from './stock-ledger.js';
import { StationDirectory } from '../stations/station-directory.js';

type MallOrderRequest = z.infer<typeof mallOrderRequest>;

@Injectable()
export class MallOrderService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly services: ServiceClient,
    private readonly orders: OrderService,
    private readonly catalogue: CatalogueService,
    private readonly stations: StationDirectory,
  ) {}

  async quote(memberId: number, request: MallOrderRequest): Promise<MallBreakdown> {
    return (await this.price(memberId, request)).breakdown;
  }

  /** With the client's Idempotency-Key, a retry whose first answer was lost gets the order that first one placed. */
  async place(memberId: number, request: MallOrderRequest, requestKey?: string): Promise<Order> {
    const placement = placementKeyOf(requestKey, request);
    const charge = async () => {
      const { breakdown, stationName, basket } = await this.price(memberId, request);
      const description = `${stationName} ${request.fulfilment === 'express' ? '快递' : '到站自提'} ${breakdown.lines.map((l) => `${l.name}×${l.quantity}`).join('、')}`;
      return { breakdown, stationName, basket, payableKind: 'mall_order' as const, description };
    };
    const earlier = await this.orders.placedWith(memberId, placement);
    if (earlier) return this.orders.finishPlacing(earlier, charge);
    const { breakdown, stationName, basket, description } = await charge();
    if (breakdown.payableFen < 1) throw new DomainError(ErrorCode.UNPROCESSABLE, '优惠后金额为零，请调整商品或不使用优惠券');
    const delivery = request.fulfilment === 'express' ? await this.delivery(memberId, request.addressId!) : undefined;
    const orderNo = this.orders.newOrderNo('mall');
    const written = await this.dataSource.transaction(async (manager) => {
      const order = await this.orders.insertOrder(manager, { orderNo, kind: 'mall', memberId, stationId: request.stationId, stationName, totalFen: breakdown.listFen, breakdown, fulfilment: request.fulfilment, memberRate: breakdown.perMille, ...delivery, placement });
      const mallLines = breakdown.lines.map((line) => ({ orderId: order.id, ...line, unitFen: fen(line.unitFen), listFen: fen(line.listFen), memberFen: fen(line.memberFen) }));
      await manager.insert(MallOrderLineEntity, mallLines);
      // In product order, so that two orders for the same products never wait on each other in a circle.
      for (const line of [...breakdown.lines].sort((a, b) => a.productId - b.productId)) {
        await reserveStock(manager, { stationId: request.stationId, productId: line.productId, quantity: line.quantity, reference: orderNo, name: line.name });
      }
      return justPlaced(order, { mallLines });
    });
    await this.catalogue.stockChanged(request.stationId);
    failpoint('order.placed-before-charge');
    const order = await this.orders.holdAndCharge(orderNo, memberId, breakdown.coupons.map((c) => c.id), basket, { payableKind: 'mall_order', amountFen: breakdown.payableFen, description }, written);
    failpoint('order.placed-before-reply');
    return order;
  }

  /** The member's own address (the user service checks it is theirs); what the order keeps of it is masked. */
  private async delivery(memberId: number, addressId: number): Promise<{ addressId: number; deliveryLabel: string }> {
    const address = await this.services.callAsSystem(addressContracts.forOrder, { memberId, id: addressId });
    return { addressId, deliveryLabel: `${maskName(address.recipient)} ${maskPhone(address.phone)} ${address.region}`.slice(0, 128) };
  }

  private async price(memberId: number, request: MallOrderRequest): Promise<{ breakdown: MallBreakdown; stationName: string; basket: Basket }> {
    const ids = request.lines.map((l) => l.productId);
    const [station, pricing, products, stocked] = await Promise.all([
      this.stations.get(request.stationId),
      this.services.callAsSystem(memberContracts.pricing, { memberId }),
      this.dataSource.getRepository(ProductEntity).findBy({ id: In(ids), status: 'on_sale' }),
      this.dataSource.getRepository(StationStockEntity).findBy({ stationId: request.stationId, productId: In(ids) }),
    ]);
    if (station.status !== 'open') throw new DomainError(ErrorCode.UNPROCESSABLE, '该门店暂停营业');
    const lines = request.lines.map((line, index) => {
      const product = products.find((p) => p.id === line.productId);
      if (!product) throw DomainError.invalid([{ field: `body.lines.${index}.productId`, message: '商品不存在或已下架' }]);
      if (!stocked.some((s) => s.productId === line.productId)) throw DomainError.invalid([{ field: `body.lines.${index}.productId`, message: `${product.name}在该门店不售` }]);
      return { product, quantity: line.quantity };
    });
    const basket: Basket = { kind: 'mall', lines: lines.map((l) => ({ category: l.product.category, amountFen: l.product.priceFen * l.quantity })) };
    const coupons = await orderCoupons(this.services, memberId, request.couponIds, basket);
    const priced = mallPrice(lines.map((l) => ({ unitFen: l.product.priceFen, quantity: l.quantity })), pricing.mallPerMille, coupons.discountFen);
    return {
      stationName: station.name,
      basket,
      breakdown: {
        stationId: station.id,
        lines: lines.map((l, i) => ({ productId: l.product.id, sku: l.product.sku, name: l.product.name, category: l.product.category, quantity: l.quantity, unitFen: l.product.priceFen, ...priced.lines[i] })),
        listFen: priced.listFen,
        memberDiscountFen: priced.memberDiscountFen,
        couponDiscountFen: priced.couponDiscountFen,
        payableFen: priced.payableFen,
        perMille: pricing.mallPerMille,
        coupons: coupons.coupons.map((c) => ({ id: c.id, name: c.name, discountFen: c.discountFen })),
      },
    };
  }
}
