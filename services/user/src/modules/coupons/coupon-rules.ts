/**
 * Coupon eligibility and discounts (pure). Amounts in fen.
 * A coupon applies to a basket when it belongs to the member, is available and within its validity, its category
 * matches (fuel / mall / any; recharge coupons only on recharges), the grade or mall categories match, and the
 * eligible amount reaches the threshold. The discount never takes the payable amount below zero.
 */
import { shanghaiDate } from '@fuel/shared';

export type CouponCategory = 'fuel' | 'mall' | 'any' | 'recharge';
export type CouponStatus = 'available' | 'locked' | 'used';

export interface CouponView {
  id: number;
  memberId: number;
  category: CouponCategory;
  thresholdFen: number;
  discountFen: number;
  grades: string[] | null;
  mallCategories: string[] | null;
  stackable: boolean;
  status: CouponStatus;
  validFrom: Date;
  validUntil: Date;
}

export type Basket =
  | { kind: 'fuel'; grade: string; amountFen: number }
  | { kind: 'mall'; lines: Array<{ category: string; amountFen: number }> }
  | { kind: 'recharge'; amountFen: number };

export type Refusal = 'NOT_OWNER' | 'NOT_AVAILABLE' | 'NOT_YET_VALID' | 'EXPIRED' | 'WRONG_CATEGORY' | 'WRONG_GRADE' | 'BELOW_THRESHOLD';

export const REFUSAL_MESSAGES: Record<Refusal, string> = {
  NOT_OWNER: '这张优惠券不属于您',
  NOT_AVAILABLE: '优惠券已使用或已锁定',
  NOT_YET_VALID: '优惠券尚未生效',
  EXPIRED: '优惠券已过期',
  WRONG_CATEGORY: '优惠券不适用于该订单类型',
  WRONG_GRADE: '优惠券不适用于该油品或商品',
  BELOW_THRESHOLD: '订单金额未达到使用门槛',
};

/** The part of the basket the coupon's conditions cover. */
export function eligibleAmount(coupon: CouponView, basket: Basket): number {
  if (basket.kind === 'recharge') return coupon.category === 'recharge' ? basket.amountFen : 0;
  if (coupon.category === 'recharge') return 0;
  if (basket.kind === 'fuel') {
    if (coupon.category === 'mall') return 0;
    return !coupon.grades || coupon.grades.includes(basket.grade) ? basket.amountFen : 0;
  }
  if (coupon.category === 'fuel') return 0;
  return basket.lines
    .filter((line) => !coupon.mallCategories || coupon.mallCategories.includes(line.category))
    .reduce((sum, line) => sum + line.amountFen, 0);
}

export function basketTotal(basket: Basket): number {
  return basket.kind === 'mall' ? basket.lines.reduce((s, l) => s + l.amountFen, 0) : basket.amountFen;
}

export function refusal(coupon: CouponView, memberId: number, basket: Basket, now: Date, { lockedForThisOrder = false } = {}): Refusal | undefined {
  if (coupon.memberId !== memberId) return 'NOT_OWNER';
  if (!(coupon.status === 'available' || (lockedForThisOrder && coupon.status === 'locked'))) return 'NOT_AVAILABLE';
  if (now < coupon.validFrom) return 'NOT_YET_VALID';
  if (now >= coupon.validUntil) return 'EXPIRED';
  const categoryFits =
    basket.kind === 'recharge' ? coupon.category === 'recharge' : coupon.category === 'any' || coupon.category === basket.kind;
  if (!categoryFits) return 'WRONG_CATEGORY';
  const eligible = eligibleAmount(coupon, basket);
  if (eligible === 0) return 'WRONG_GRADE';
  if (eligible < coupon.thresholdFen) return 'BELOW_THRESHOLD';
  return undefined;
}

/** Discount of one coupon on a basket, capped so the payable amount stays at or above zero. */
export function discountOf(coupon: CouponView, basket: Basket): number {
  return Math.min(coupon.discountFen, basketTotal(basket));
}

export interface PriceBreakdown {
  totalFen: number;
  discountFen: number;
  payableFen: number;
  couponIds: number[];
}

/**
 * The best applicable combination: the single best coupon, or the best non-stackable one plus every applicable
 * stackable one when that is larger. Ties go to the coupon that expires first.
 */
export function bestCoupons(coupons: CouponView[], memberId: number, basket: Basket, now: Date): PriceBreakdown {
  const total = basketTotal(basket);
  const usable = coupons
    .filter((c) => refusal(c, memberId, basket, now) === undefined)
    .sort((a, b) => discountOf(b, basket) - discountOf(a, basket) || a.validUntil.getTime() - b.validUntil.getTime());
  const single = usable.find((c) => !c.stackable);
  const stackables = usable.filter((c) => c.stackable);
  const candidates: CouponView[][] = [single ? [single] : [], [...(single ? [single] : []), ...stackables], stackables.slice(0, 1)];
  let best: PriceBreakdown = { totalFen: total, discountFen: 0, payableFen: total, couponIds: [] };
  for (const set of candidates) {
    const discount = Math.min(set.reduce((sum, c) => sum + c.discountFen, 0), total);
    if (discount > best.discountFen) best = { totalFen: total, discountFen: discount, payableFen: total - discount, couponIds: set.map((c) => c.id) };
  }
  return best;
}

/**
 * The member day's issue key when `now` falls on the monthly member day in Asia/Shanghai (one coupon per member per
 * month), else null. The one place that decides whether today is the member day.
 */
export function memberDayKey(now: Date, memberDayOfMonth: number): string | null {
  const { year, month, day } = shanghaiDate(now);
  return day === memberDayOfMonth ? `member-day:${year}-${String(month).padStart(2, '0')}` : null;
}

