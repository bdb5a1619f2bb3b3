import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bestCoupons, memberDayKey, refusal, type Basket, type CouponView } from './coupon-rules.js';

const now = new Date('2026-11-26T08:00:00Z');
const coupon = (over: Partial<CouponView> = {}): CouponView => ({
  id: 1,
  memberId: 7,
  category: 'fuel',
  thresholdFen: 20_000,
  discountFen: 1_500,
  grades: null,
  mallCategories: null,
  stackable: false,
  status: 'available',
  validFrom: new Date('2026-11-01T00:00:00Z'),
  validUntil: new Date('2026-12-01T00:00:00Z'),
  ...over,
});
const fuel = (amountFen: number, grade = '92'): Basket => ({ kind: 'fuel', grade, amountFen });

describe('coupon rules', () => {
  it('applies 满200减15 to fuel of 200 CNY or more', () => {
    assert.equal(refusal(coupon(), 7, fuel(20_000), now), undefined);
    assert.equal(refusal(coupon(), 7, fuel(19_999), now), 'BELOW_THRESHOLD');
  });

  it('refuses the wrong grade, category, owner, status and validity', () => {
    assert.equal(refusal(coupon({ grades: ['95', '98'] }), 7, fuel(30_000, '92'), now), 'WRONG_GRADE');
    assert.equal(refusal(coupon({ category: 'mall' }), 7, fuel(30_000), now), 'WRONG_CATEGORY');
    assert.equal(refusal(coupon(), 8, fuel(30_000), now), 'NOT_OWNER');
    assert.equal(refusal(coupon({ status: 'used' }), 7, fuel(30_000), now), 'NOT_AVAILABLE');
    assert.equal(refusal(coupon({ status: 'locked' }), 7, fuel(30_000), now), 'NOT_AVAILABLE');
    assert.equal(refusal(coupon({ validUntil: now }), 7, fuel(30_000), now), 'EXPIRED');
    assert.equal(refusal(coupon({ validFrom: new Date(now.getTime() + 1) }), 7, fuel(30_000), now), 'NOT_YET_VALID');
  });

  it('counts only the matching mall categories towards the threshold', () => {
    const mallCoupon = coupon({ category: 'mall', mallCategories: ['car_supplies'], thresholdFen: 10_000 });
    assert.equal(refusal(mallCoupon, 7, { kind: 'mall', lines: [{ category: 'car_supplies', amountFen: 6_000 }, { category: 'convenience', amountFen: 6_000 }] }, now), 'BELOW_THRESHOLD');
    assert.equal(refusal(mallCoupon, 7, { kind: 'mall', lines: [{ category: 'car_supplies', amountFen: 10_000 }] }, now), undefined);
  });

  it('keeps recharge coupons for recharges only', () => {
    assert.equal(refusal(coupon({ category: 'recharge', thresholdFen: 100_000 }), 7, fuel(200_000), now), 'WRONG_CATEGORY');
    assert.equal(refusal(coupon({ category: 'recharge', thresholdFen: 100_000 }), 7, { kind: 'recharge', amountFen: 100_000 }, now), undefined);
    assert.equal(refusal(coupon({ category: 'any' }), 7, { kind: 'recharge', amountFen: 100_000 }, now), 'WRONG_CATEGORY');
  });

  it('picks the best coupon, one per order unless stackable, never below zero', () => {
    const coupons = [coupon({ id: 1 }), coupon({ id: 2, thresholdFen: 30_000, discountFen: 3_000 }), coupon({ id: 3, category: 'any', thresholdFen: 0, discountFen: 500, stackable: true })];
    assert.deepEqual(bestCoupons(coupons, 7, fuel(30_000), now), { totalFen: 30_000, discountFen: 3_500, payableFen: 26_500, couponIds: [2, 3] });
    assert.deepEqual(bestCoupons(coupons, 7, fuel(20_000), now).couponIds, [1, 3]);
    assert.deepEqual(bestCoupons([coupon({ thresholdFen: 0, discountFen: 5_000 })], 7, fuel(3_000), now), { totalFen: 3_000, discountFen: 3_000, payableFen: 0, couponIds: [1] });
    assert.deepEqual(bestCoupons([], 7, fuel(3_000), now), { totalFen: 3_000, discountFen: 0, payableFen: 3_000, couponIds: [] });
  });

  it('prefers the coupon that expires first when discounts tie', () => {
    const later = coupon({ id: 1, validUntil: new Date('2026-12-20T00:00:00Z') });
    const sooner = coupon({ id: 2, validUntil: new Date('2026-12-02T00:00:00Z') });
    assert.deepEqual(bestCoupons([later, sooner], 7, fuel(20_000), now).couponIds, [2]);
  });

  it('names the member day by Shanghai’s date: none on the 29th–31st, the month of the Shanghai date at the year’s turn', () => {
    assert.equal(memberDayKey(new Date('2027-01-07T16:30:00Z'), 8), 'member-day:2027-01'); // 8 Jan 00:30 Shanghai
    assert.equal(memberDayKey(new Date('2027-01-07T15:59:00Z'), 8), null); // 7 Jan 23:59 Shanghai
    assert.equal(memberDayKey(new Date('2026-12-27T16:30:00Z'), 28), 'member-day:2026-12');
    for (const instant of ['2027-01-29T12:00:00+08:00', '2027-01-30T12:00:00+08:00', '2027-01-31T23:30:00+08:00', '2027-02-28T12:00:00+08:00', '2028-02-29T12:00:00+08:00']) {
      for (let day = 1; day <= 28; day++) {
        const key = memberDayKey(new Date(instant), day);
        assert.equal(key === null, new Date(new Date(instant).getTime() + 8 * 3_600_000).getUTCDate() !== day, `${instant} day ${day}`);
      }
    }
    assert.equal(memberDayKey(new Date('2027-02-28T12:00:00+08:00'), 28), 'member-day:2027-02');
  });
});
