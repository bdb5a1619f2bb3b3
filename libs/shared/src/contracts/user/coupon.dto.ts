import { z } from 'zod';
import { rpcContract } from '../../rpc/contract.js';
import { FUEL_GRADES } from '../map/station.dto.js';
import { PRODUCT_CATEGORIES } from '../order/product.dto.js';

import type { CouponCategoryName, CouponDisplayStatus } from '../user/member-vocabulary.js';

export * from '../user/member-vocabulary.js';

export interface Coupon {
  id: number;
  name: string;
  category: CouponCategoryName;
  thresholdFen: number;
  discountFen: number;
  grades: string[] | null;
  mallCategories: string[] | null;
  stackable: boolean;
  status: CouponDisplayStatus;
  validFrom: string;
  validUntil: string;
}

/** 我的卡包: coupons grouped by category, then by status. */
export type CardPack = Record<CouponCategoryName, Record<CouponDisplayStatus, Coupon[]>>;

const fenAmount = z.number().int().positive().max(100_000_00);
export const basketSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fuel'), grade: z.enum(FUEL_GRADES), amountFen: fenAmount }).strict(),
  z
    .object({ kind: z.literal('mall'), lines: z.array(z.object({ category: z.enum(PRODUCT_CATEGORIES), amountFen: fenAmount }).strict()).min(1).max(50) })
    .strict(),
  z.object({ kind: z.literal('recharge'), amountFen: fenAmount }).strict(),
]);

export interface CouponQuote {
  totalFen: number;
  discountFen: number;
  payableFen: number;
  coupons: Coupon[];
}

/** A coupon shown at a station's counter: a one-time code the attendant scans (5 minutes). */
export interface StoreCouponCode {
  code: string;
  expiresInSeconds: number;
  coupon: Coupon;
}

/** `C` and 8 digits: what the member's QR carries for an in-store coupon. */
export const storeCouponCode = z.string().regex(/^C\d{8}$/);

/** The attendant's view of an in-store coupon before using it. */
export interface StoreCouponPreview {
  memberId: number;
  memberPhoneMasked: string | null;
  coupon: Coupon;
}

export interface StoreCouponRedemption {
  coupon: Coupon;
  amountFen: number;
  discountFen: number;
  payableFen: number;
}

const orderRef = z.string().regex(/^[A-Za-z0-9:_-]{4,64}$/);
const couponIds = z.array(z.number().int().positive()).min(1).max(5);

export const couponContracts = {
  cardPack: rpcContract<CardPack>()('user.coupons.card-pack', z.object({}).strict()),
  claimMemberDay: rpcContract<Coupon>()('user.coupons.claim-member-day', z.object({}).strict()),
  best: rpcContract<CouponQuote>()('user.coupons.best', z.object({ basket: basketSchema }).strict(), { readOnly: true }),
  /** For the order service: hold coupons for an order awaiting payment, then consume or release them. */
  lock: rpcContract<CouponQuote>()('user.coupons.lock', z.object({ memberId: z.number().int().positive(), couponIds, orderRef, basket: basketSchema }).strict()),
  /** For the order service: what these coupons would take off a basket, checked as `lock` checks them, holding nothing. */
  quote: rpcContract<CouponQuote>()('user.coupons.quote', z.object({ memberId: z.number().int().positive(), couponIds, basket: basketSchema }).strict(), { readOnly: true }),
  consume: rpcContract<{ couponIds: number[] }>()('user.coupons.consume', z.object({ couponIds, orderRef }).strict()),
  release: rpcContract<{ couponIds: number[] }>()('user.coupons.release', z.object({ couponIds, orderRef }).strict()),
  /** The signed-in member: a one-time code to show at the counter for one of their mall or general coupons. */
  storeCode: rpcContract<StoreCouponCode>()('user.coupons.store-code', z.object({ couponId: z.number().int().positive() }).strict()),
  /** For the order service (staff redemption): what a shown code is. */
  storePreview: rpcContract<StoreCouponPreview>()('user.coupons.store-preview', z.object({ code: storeCouponCode }).strict()),
  /** For the order service (staff redemption): the coupon used on a counter purchase of `amountFen`, once. */
  /** `attendantKey`: the attendant's Idempotency-Key for this confirmation, kept with it (kept-replies.ts). */
  storeRedeem: rpcContract<StoreCouponRedemption>()(
    'user.coupons.store-redeem',
    z.object({ code: storeCouponCode, stationId: z.number().int().positive(), amountFen: fenAmount, attendantKey: z.object({ staffId: z.string().min(1).max(20), key: z.string().min(8).max(80) }).strict().optional() }).strict(),
  ),
};
