/** The staff entry's view of the order service: redemption at the counter, the station's stock and figures. */
import { z } from 'zod';
import type { FuelGrade } from '../map/station.dto.js';
import type { Coupon, StoreCouponRedemption } from '../user/coupon.dto.js';
import type { MemberAtCounter } from '../user/member.dto.js';
import type { Order } from './order.dto.js';
import { STATION_ORDER_VIEWS, STATS_PERIODS, STOCK_ADJUSTMENT_REASONS, type OrderStatus, type StatsPeriod } from './order-vocabulary.js';

const stationId = z.number().int().positive();

/**
 * What the attendant scanned or typed: a 6-digit pickup code, a fuel order's number (its QR code), a member's
 * in-store coupon code (C + 8 digits, shown for 5 minutes) or a member's 会员码 (M + 6 digits + member id, a minute).
 */
export const redemptionCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^(\d{6}|F\d{8}[0-9A-Z]{8}|C\d{8}|M\d{7,22})$/, '请输入 6 位取货码、加油订单号、优惠券码或会员码');
/** An in-store coupon code (the user service's, kept in Redis), as typed or after `redemptionCode` normalised it. */
export const isStoreCouponCode = (code: string) => code.trim().toUpperCase().startsWith('C');
/** A member's 会员码: identifies the member, nothing to confirm. */
export const isMemberCode = (code: string) => code.trim().toUpperCase().startsWith('M');
/** `amountFen`: for a coupon, what the counter purchase comes to (the coupon's threshold is checked against it). */
export const redemptionRequest = z.object({ stationId, code: redemptionCode, amountFen: z.number().int().positive().max(100_000_00).optional() }).strict();

export type RedemptionPreview = OrderRedemptionPreview | CouponRedemptionPreview | MemberRedemptionPreview;

export const stationOrdersQuery = z
  .object({
    stationId,
    view: z.enum(STATION_ORDER_VIEWS).default('all'),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict();

export interface CouponRedemptionPreview {
  kind: 'coupon';
  code: string;
  memberPhoneMasked: string | null;
  coupon: Coupon;
}

export interface MemberRedemptionPreview {
  kind: 'member';
  code: string;
  memberPhoneMasked: string | null;
  member: MemberAtCounter;
}

export interface OrderRedemptionPreview {
  kind: 'pickup' | 'fuel';
  code: string;
  orderNo: string;
  status: OrderStatus;
  /** The member's phone, masked (138****5678), for the attendant to ask "尾号 5678?". */
  memberPhoneMasked: string | null;
  payableFen: number;
  paidAt: string | null;
  items: Array<{ name: string; quantity: number }>;
  fuel: { pumpNumber: number; grade: FuelGrade; litres: string } | null;
}


/** What a manager states for an adjustment (the station comes from the route); "other" needs a note. */
/** What a confirmation did: the order handed over or fuelled, or the coupon used with its discount. */
export type RedemptionResult = { kind: 'pickup' | 'fuel'; order: Order } | ({ kind: 'coupon' } & StoreCouponRedemption);

export const stockAdjustmentBody = z
  .object({
    productId: z.number().int().positive(),
    delta: z.number().int().min(-10_000).max(10_000).refine((d) => d !== 0, '调整数量不能为 0'),
    reason: z.enum(STOCK_ADJUSTMENT_REASONS),
    note: z.string().trim().max(100).default(''),
  })
  .strict()
  .refine((a) => a.reason !== 'other' || a.note.length > 0, { path: ['note'], message: '选择“其他”时请填写说明' });
export const stockAdjustment = z.object({ stationId, adjustment: stockAdjustmentBody }).strict();

export interface StockLevel {
  productId: number;
  sku: string;
  name: string;
  variantLabel: string | null;
  /** Counted on the shelf (on hand plus paid orders waiting to be picked up). */
  onShelf: number;
  /** Paid and waiting at the counter for their pickup code. */
  awaitingPickup: number;
  /** Held by orders not paid yet. */
  reserved: number;
  /** What can still be ordered: on hand − reserved. */
  sellable: number;
  lowStockThreshold: number;
  lowStock: boolean;
}

export const statsQuery = z.object({ stationId, period: z.enum(STATS_PERIODS) }).strict();

/** One bucket (a day, an ISO week starting Monday, a month; Asia/Shanghai) of a station's counter figures. */
export interface StationStatsBucket {
  start: string;
  label: string;
  /** Coupons on the orders counted below (paid in the bucket, not refunded). */
  couponsUsed: number;
  pickupsRedeemed: number;
  fuelOrdersCompleted: number;
  mallOrders: number;
  mallSalesFen: number;
  fuelOrders: number;
  fuelSalesFen: number;
  fuelCentilitres: number;
}

export interface StationStats {
  stationId: number;
  period: StatsPeriod;
  buckets: StationStatsBucket[];
}

export const regionDashboardQuery = z.object({ period: z.enum(STATS_PERIODS) }).strict();

/** Platform-wide member figures per bucket (members and coupons belong to no station). */
export interface MemberStatsBucket {
  start: string;
  label: string;
  newMembers: number;
  couponsIssued: number;
}

/** A regional admin's operations view: each station of the region, their total, and the members. */
export interface RegionDashboard {
  regionCode: string;
  period: StatsPeriod;
  total: StationStatsBucket[];
  stations: Array<{ stationId: number; stationName: string; buckets: StationStatsBucket[] }>;
  members: MemberStatsBucket[];
}

/**
 * The staff channel (gateway /ws/staff): the order service announces on this hot-store channel whenever a station's
 * pump board changes (a fuel order paid, fuelled or refunded); attendants' screens then fetch the board.
 */
export const pumpBoardChannel = (stationId: number) => `staff:pump-board:${stationId}`;
export interface PumpBoardSignal {
  stationId: number;
  orderNo: string;
}
