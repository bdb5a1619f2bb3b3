import { z } from 'zod';
import { rpcContract } from '../../rpc/contract.js';
import type { Page } from '../map/station.dto.js';
import { fuelOrderRequest, orderListQuery, orderPaymentEvent, orderRef, type FuelBreakdown, type Order, type PumpBoard } from './order.dto.js';
import { productListQuery, type ProductPage } from './product.dto.js';

export const orderContracts = {
  listProducts: rpcContract<ProductPage>()('order.products.list', productListQuery),
  /** The signed-in member: what a fuel order would cost (nothing is held). */
  quoteFuel: rpcContract<FuelBreakdown>()('order.fuel.quote', fuelOrderRequest),
  /** The signed-in member: a fuel order for the pump, its coupons held and its payment intent created. */
  placeFuel: rpcContract<Order>()('order.fuel.place', fuelOrderRequest),
  /** The member's own orders. */
  list: rpcContract<Page<Order>>()('order.orders.list', orderListQuery),
  get: rpcContract<Order>()('order.orders.get', orderRef),
  cancel: rpcContract<Order>()('order.orders.cancel', orderRef),
  requestRefund: rpcContract<Order>()('order.orders.request-refund', orderRef),
  /** The payment service (system actor): the order's intent was paid / refunded. */
  paid: rpcContract<Order>()('order.payments.paid', orderPaymentEvent),
  refunded: rpcContract<Order>()('order.payments.refunded', orderPaymentEvent.extend({ refundNo: z.string().min(1).max(32) })),
  /** Staff (the attendant's board, staff issue) or a system caller: paid fuel orders of a station by pump. */
  pumpBoard: rpcContract<PumpBoard>()('order.fuel.pump-board', z.object({ stationId: z.number().int().positive() }).strict()),
};
