/** Orders' vocabulary as plain constants (no zod), shared with the browser-safe entry. */
export const ORDER_KINDS = ['fuel', 'mall'] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];
export const ORDER_STATUSES = ['pending_payment', 'paid', 'ready_for_pickup', 'picked_up', 'shipped', 'delivered', 'completed', 'cancelled', 'refund_requested', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const PRODUCT_CATEGORIES = ['fuel_additive', 'car_supplies', 'convenience'] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];

export interface Product {
  id: number;
  sku: string;
  name: string;
  category: ProductCategory;
  /** Regular price in fen. */
  priceFen: number;
  description: string;
  imageUrl: string;
  /** Units that can be ordered at the requested station (on hand − reserved), when a station was given. */
  stock?: number;
  /** Variants of one product (e.g. 2L / 4L): each variant is its own product (SKU) with its own price and stock. */
  variantGroup?: string;
  variantLabel?: string;
  /** For a signed-in member: the price at their tier's rate (half up); the checkout's breakdown is what is charged. */
  memberPriceFen?: number;
}

/** Why a manager changes stock by hand (each adjustment is a ledger movement with its reason). */
export const STOCK_ADJUSTMENT_REASONS = ['restock', 'stocktake', 'damaged', 'expired', 'other'] as const;
export type StockAdjustmentReason = (typeof STOCK_ADJUSTMENT_REASONS)[number];
/** Figures by day (last 14 days), ISO week (last 12) or month (last 12), Asia/Shanghai. */
export const STATS_PERIODS = ['day', 'week', 'month'] as const;
export type StatsPeriod = (typeof STATS_PERIODS)[number];
/** A station's orders for its staff (本站订单), by what needs doing: express to ship, pickups waiting, fuel paid today and after, refunds, all. */
export const STATION_ORDER_VIEWS = ['to_ship', 'awaiting_pickup', 'paid_fuel', 'refunds', 'all'] as const;
export type StationOrderView = (typeof STATION_ORDER_VIEWS)[number];
