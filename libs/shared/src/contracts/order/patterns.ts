import { z } from 'zod';
import { rpcContract } from '../../rpc/contract.js';
import type { Page } from '../map/station.dto.js';
import { expressShipment, fuelOrderRequest, mallOrderRequest, orderListQuery, orderPaymentEvent, orderRef, pickupRedemption, type FuelBreakdown, type MallBreakdown, type Order, type PumpBoard } from './order.dto.js';
import { redemptionRequest, regionDashboardQuery, stationOrdersQuery, statsQuery, stockAdjustment, type RedemptionPreview, type RedemptionResult, type RegionDashboard, type StationStats, type StockLevel } from './staff.dto.js';
import { inventorySync, productListQuery, type InventorySyncResult, type Product, type ProductPage, type StationAvailability } from './product.dto.js';

export const orderContracts = {
  listProducts: rpcContract<ProductPage>()('order.products.list', productListQuery, { readOnly: true }),
  /** Every product on sale (the gateway's catalogue cache fills from here). */
  catalogue: rpcContract<Product[]>()('order.products.catalogue', z.object({}).strict(), { readOnly: true }),
  /** A station's best sellers of the last 30 days (units in paid orders), with what can be ordered now. */
  hot: rpcContract<Product[]>()('order.products.hot', z.object({ stationId: z.number().int().positive() }).strict(), { readOnly: true }),
  /** What can be ordered at a station now. */
  availability: rpcContract<StationAvailability>()('order.products.availability', z.object({ stationId: z.number().int().positive() }).strict(), { readOnly: true }),
  /** A station's till (signed station token, once): its counted stock, versioned per row. */
  syncInventory: rpcContract<InventorySyncResult>()('order.inventory.sync', inventorySync),
  /** The signed-in member: what a fuel order would cost (nothing is held). */
  quoteFuel: rpcContract<FuelBreakdown>()('order.fuel.quote', fuelOrderRequest, { readOnly: true }),
  /** The signed-in member: a fuel order for the pump, its coupons held and its payment intent created. */
  placeFuel: rpcContract<Order>()('order.fuel.place', fuelOrderRequest),
  /** The signed-in member: what a mall basket would cost at a station (nothing is held). */
  quoteMall: rpcContract<MallBreakdown>()('order.mall.quote', mallOrderRequest, { readOnly: true }),
  /** The signed-in member: a mall order, its stock reserved (never more than there is), coupons held, intent created. */
  placeMall: rpcContract<Order>()('order.mall.place', mallOrderRequest),
  /** Staff of the station (staff entry) or a system caller: redeem a pickup code, once. */
  redeemPickup: rpcContract<Order>()('order.pickup.redeem', pickupRedemption),
  /** Staff of the station (staff entry) or a system caller: hand a paid express order to the carrier. */
  ship: rpcContract<Order>()('order.express.ship', expressShipment),
  /** A carrier's tracking push, as the gateway's public route received it: verified here, applied once. */
  trackingPush: rpcContract<{ accepted: true }>()('order.logistics.push', z.object({ body: z.string().max(64 * 1024) }).strict()),
  /** The member's own orders. */
  list: rpcContract<Page<Order>>()('order.orders.list', orderListQuery, { readOnly: true }),
  get: rpcContract<Order>()('order.orders.get', orderRef, { readOnly: true }),
  cancel: rpcContract<Order>()('order.orders.cancel', orderRef),
  requestRefund: rpcContract<Order>()('order.orders.request-refund', orderRef),
  /** Attendants and managers of the station, regional admins of its region (read): the station's orders. */
  stationOrders: rpcContract<Page<Order>>()('order.orders.station-list', stationOrdersQuery, { readOnly: true }),
  /** The manager of the order's station (the staff entry) or a system caller: refund a paid order, fuel included. */
  refundByStation: rpcContract<Order>()('order.orders.refund-by-station', orderRef),
  /** The payment service (system actor): the order's intent was paid / refunded. */
  paid: rpcContract<Order>()('order.payments.paid', orderPaymentEvent),
  refunded: rpcContract<Order>()('order.payments.refunded', orderPaymentEvent.extend({ refundNo: z.string().min(1).max(32) })),
  /** Staff (the attendant's board, staff issue) or a system caller: paid fuel orders of a station by pump. */
  pumpBoard: rpcContract<PumpBoard>()('order.fuel.pump-board', z.object({ stationId: z.number().int().positive() }).strict(), { readOnly: true }),
  /** Attendants and managers of the station: what a scanned or typed code is, before confirming it. */
  previewRedemption: rpcContract<RedemptionPreview>()('order.redemption.preview', redemptionRequest, { readOnly: true }),
  /** Attendants and managers of the station: hand over a pickup order, mark a paid fuel order fuelled, or use a coupon; once. */
  confirmRedemption: rpcContract<RedemptionResult>()('order.redemption.confirm', redemptionRequest),
  /** Managers of the station, regional admins of its region (read): stock levels with low-stock alerts. */
  stockLevels: rpcContract<StockLevel[]>()('order.inventory.levels', z.object({ stationId: z.number().int().positive() }).strict(), { readOnly: true }),
  /** Managers of the station: a stock adjustment with its reason (a ledger movement). */
  adjustStock: rpcContract<StockLevel>()('order.inventory.adjust', stockAdjustment),
  /** Managers of the station, regional admins of its region: redemptions and sales by day, week or month. */
  stationStats: rpcContract<StationStats>()('order.stats.station', statsQuery, { readOnly: true }),
  /** Regional admins: every station of their region and the total, with the platform's member figures. */
  regionDashboard: rpcContract<RegionDashboard>()('order.stats.region', regionDashboardQuery, { readOnly: true }),
};
