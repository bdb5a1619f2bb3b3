import { z } from 'zod';
import { FUEL_GRADES, type FuelGrade, type FuelPriceKey } from '../map/station-vocabulary.js';
import { pageQuery } from '../map/station.dto.js';
import { ORDER_KINDS, ORDER_STATUSES, type OrderKind, type OrderStatus } from './order-vocabulary.js';
import type { ProductCategory } from './product.dto.js';

export * from './order-vocabulary.js';

/** 一键加油: what the pump shows and what the driver pays, every amount in fen, computed by the server only. */
export interface FuelBreakdown {
  stationId: number;
  pumpNumber: number;
  grade: FuelGrade;
  /** The pump's displayed amount (at the regular price). */
  amountFen: number;
  regularUnitFen: number;
  /** The price per litre that applies to the member (their tier's, or the regular one). */
  memberUnitFen: number;
  priceKey: FuelPriceKey;
  /** Litres, to 0.01 L (display; the amounts are computed without rounding the litres). */
  litres: string;
  memberDiscountFen: number;
  couponDiscountFen: number;
  payableFen: number;
  coupons: Array<{ id: number; name: string; discountFen: number }>;
}

export interface MallLine {
  productId: number;
  sku: string;
  name: string;
  category: ProductCategory;
  quantity: number;
  unitFen: number;
  /** unit × quantity. */
  listFen: number;
  /** The member's price for the line (tier rate, half up to the fen). */
  memberFen: number;
}

/** A mall basket as the server prices it: list, member discount (tier rate), coupon, payable. */
export interface MallBreakdown {
  stationId: number;
  lines: MallLine[];
  listFen: number;
  memberDiscountFen: number;
  couponDiscountFen: number;
  payableFen: number;
  /** The tier's rate in per mille (1000 = no discount). */
  perMille: number;
  coupons: Array<{ id: number; name: string; discountFen: number }>;
}

/** Express delivery: where it goes (as the member saw it, masked), the waybill, and the carrier's tracking, newest first. */
export interface ExpressView {
  deliveryLabel: string;
  carrier: string | null;
  waybillNo: string | null;
  tracking: Array<{ time: string; context: string; status: string }>;
}

export interface OrderTransitionView {
  from: OrderStatus | null;
  to: OrderStatus;
  reason: string;
  at: string;
}

export interface Order {
  orderNo: string;
  kind: OrderKind;
  status: OrderStatus;
  stationId: number;
  stationName: string;
  memberId: number;
  /** Set while the order can be paid, and after. */
  intentNo: string | null;
  totalFen: number;
  payableFen: number;
  fuel: FuelBreakdown | null;
  mall: (MallBreakdown & { fulfilment: 'pickup' | 'express'; pickupCode: string | null; express: ExpressView | null }) | null;
  createdAt: string;
  expiresAt: string;
  paidAt: string | null;
  transitions: OrderTransitionView[];
}

const stationId = z.number().int().positive();
const couponIds = z.array(z.number().int().positive()).max(5);

/** The pump amount: 1 to 5,000 CNY, whole fen (the pump's display). */
export const fuelOrderRequest = z
  .object({
    stationId,
    pumpNumber: z.number().int().min(1).max(99),
    grade: z.enum(FUEL_GRADES),
    amountFen: z.number().int().min(100, '加油金额至少 1 元').max(500_000, '单笔加油金额不能超过 5000 元'),
    /** Omitted: the best coupon is chosen; [] pays without one. */
    couponIds: couponIds.optional(),
  })
  .strict();

/** A mall order: up to 20 different products, 1–99 of each; pickup at the station (express comes later). */
export const mallOrderRequest = z
  .object({
    stationId,
    lines: z
      .array(z.object({ productId: z.number().int().positive(), quantity: z.number().int().min(1, '数量至少为 1').max(99, '单件商品最多 99 件') }).strict())
      .min(1, '请选择商品')
      .max(20, '一次最多 20 种商品')
      .refine((lines) => new Set(lines.map((l) => l.productId)).size === lines.length, '同一商品请合并数量'),
    fulfilment: z.enum(['pickup', 'express']).default('pickup'),
    /** Express: one of the member's addresses (收货地址). */
    addressId: z.number().int().positive().optional(),
    couponIds: couponIds.optional(),
  })
  .strict()
  .refine((order) => order.fulfilment !== 'express' || order.addressId !== undefined, { message: '快递配送请选择收货地址', path: ['addressId'] });

/** The station ships an express order (staff entry): the carrier's code and the waybill number. */
export const expressShipment = z
  .object({ orderNo: z.string().regex(/^M\d{8}[0-9A-Z]{8}$/), carrier: z.string().regex(/^[a-z0-9]{2,16}$/, '快递公司编码有误'), waybillNo: z.string().regex(/^[A-Za-z0-9]{6,32}$/, '运单号有误') })
  .strict();

/** The attendant's pickup redemption (staff entry): the 6-digit code the member shows. */
export const pickupRedemption = z.object({ stationId, code: z.string().regex(/^\d{6}$/, '取货码为 6 位数字') }).strict();

export const orderNoSchema = z.string().regex(/^[FM]\d{8}[0-9A-Z]{8}$/, '订单号格式有误');
export const orderRef = z.object({ orderNo: orderNoSchema }).strict();

export const orderListQuery = z
  .object({
    kind: z.enum(ORDER_KINDS).optional(),
    status: z.enum(ORDER_STATUSES).optional(),
    ...pageQuery,
  })
  .strict();

/** From the payment service (system actor): the order's intent was paid or refunded. */
export const orderPaymentEvent = z.object({ orderNo: orderNoSchema, intentNo: z.string().min(1).max(32), amountFen: z.number().int().positive() }).strict();

/** Paid fuel orders of a station, by pump, for the attendant's board (staff issue). */
export interface PumpBoard {
  stationId: number;
  pumps: Array<{ pumpNumber: number; orders: Array<{ orderNo: string; grade: FuelGrade; litres: string; amountFen: number; payableFen: number; paidAt: string }> }>;
}
