import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fuelPrice } from './fuel-pricing.js';

/**
 * Hand-computed: member amount = amount × member ÷ regular, half up to the fen (e.g. 30000 × 708 ÷ 728 =
 * 29175.82 → 29176); litres = amount ÷ regular to 0.01 L (30000 ÷ 728 = 41.2087 → 41.21).
 * Prices per litre like the demo's base prices: 92# 7.28 (白银 7.18, 黄金 7.08, 钻石 6.98), 95# 7.78 (7.68, 7.58, 7.38),
 * 98# 8.78 (8.68, 8.48), 0# 6.99 (6.79). 满200减15 is 1500 fen.
 */
const cases: Array<[string, { amountFen: number; regularUnitFen: number; memberUnitFen: number; couponDiscountFen: number }, { litres: string; memberAmountFen: number; memberDiscountFen: number; payableFen: number }]> = [
  ['92#, normal, ¥300, no coupon', { amountFen: 30000, regularUnitFen: 728, memberUnitFen: 728, couponDiscountFen: 0 }, { litres: '41.21', memberAmountFen: 30000, memberDiscountFen: 0, payableFen: 30000 }],
  ['92#, silver, ¥300, no coupon', { amountFen: 30000, regularUnitFen: 728, memberUnitFen: 718, couponDiscountFen: 0 }, { litres: '41.21', memberAmountFen: 29588, memberDiscountFen: 412, payableFen: 29588 }],
  ['92#, gold, ¥300, 满200减15', { amountFen: 30000, regularUnitFen: 728, memberUnitFen: 708, couponDiscountFen: 1500 }, { litres: '41.21', memberAmountFen: 29176, memberDiscountFen: 824, payableFen: 27676 }],
  ['92#, diamond, ¥300, 满200减15', { amountFen: 30000, regularUnitFen: 728, memberUnitFen: 698, couponDiscountFen: 1500 }, { litres: '41.21', memberAmountFen: 28764, memberDiscountFen: 1236, payableFen: 27264 }],
  ['95#, silver, ¥200, 满200减15', { amountFen: 20000, regularUnitFen: 778, memberUnitFen: 768, couponDiscountFen: 1500 }, { litres: '25.71', memberAmountFen: 19743, memberDiscountFen: 257, payableFen: 18243 }],
  ['95#, gold, ¥200, no coupon', { amountFen: 20000, regularUnitFen: 778, memberUnitFen: 758, couponDiscountFen: 0 }, { litres: '25.71', memberAmountFen: 19486, memberDiscountFen: 514, payableFen: 19486 }],
  ['98#, silver, ¥150.50, no coupon', { amountFen: 15050, regularUnitFen: 878, memberUnitFen: 868, couponDiscountFen: 0 }, { litres: '17.14', memberAmountFen: 14879, memberDiscountFen: 171, payableFen: 14879 }],
  ['98#, diamond, ¥150.50, no coupon', { amountFen: 15050, regularUnitFen: 878, memberUnitFen: 848, couponDiscountFen: 0 }, { litres: '17.14', memberAmountFen: 14536, memberDiscountFen: 514, payableFen: 14536 }],
  ['0#, normal, ¥500, 满200减15', { amountFen: 50000, regularUnitFen: 699, memberUnitFen: 699, couponDiscountFen: 1500 }, { litres: '71.53', memberAmountFen: 50000, memberDiscountFen: 0, payableFen: 48500 }],
  ['0#, gold, ¥500, 满200减15', { amountFen: 50000, regularUnitFen: 699, memberUnitFen: 679, couponDiscountFen: 1500 }, { litres: '71.53', memberAmountFen: 48569, memberDiscountFen: 1431, payableFen: 47069 }],
  ['92#, diamond, ¥1 (the smallest order)', { amountFen: 100, regularUnitFen: 728, memberUnitFen: 698, couponDiscountFen: 0 }, { litres: '0.14', memberAmountFen: 96, memberDiscountFen: 4, payableFen: 96 }],
  ['95#, 7.38 member price, ¥123.45', { amountFen: 12345, regularUnitFen: 778, memberUnitFen: 738, couponDiscountFen: 0 }, { litres: '15.87', memberAmountFen: 11710, memberDiscountFen: 635, payableFen: 11710 }],
];

describe('fuel pricing (一键加油)', () => {
  for (const [name, input, expected] of cases) {
    it(name, () => {
      const price = fuelPrice(input);
      assert.equal(price.litres, expected.litres);
      assert.equal(price.memberAmountFen, expected.memberAmountFen);
      assert.equal(price.memberDiscountFen, expected.memberDiscountFen);
      assert.equal(price.payableFen, expected.payableFen);
      assert.equal(price.memberDiscountFen + price.couponDiscountFen + price.payableFen, input.amountFen, 'the parts add up to the pump amount');
    });
  }

  it('rounds half up exactly at the half fen', () => {
    // 250 × 7 ÷ 10 = 175 exactly; 5 × 7 ÷ 10 = 3.5 → 4; 15 × 1 ÷ 10 = 1.5 → 2
    assert.equal(fuelPrice({ amountFen: 5, regularUnitFen: 10, memberUnitFen: 7, couponDiscountFen: 0 }).memberAmountFen, 4);
    assert.equal(fuelPrice({ amountFen: 15, regularUnitFen: 10, memberUnitFen: 1, couponDiscountFen: 0 }).memberAmountFen, 2);
  });

  it('never lets a coupon take the payable below zero, and refuses impossible prices', () => {
    assert.equal(fuelPrice({ amountFen: 1000, regularUnitFen: 728, memberUnitFen: 728, couponDiscountFen: 1500 }).payableFen, 0);
    assert.throws(() => fuelPrice({ amountFen: 1000, regularUnitFen: 728, memberUnitFen: 738, couponDiscountFen: 0 }), RangeError);
    assert.throws(() => fuelPrice({ amountFen: 10.5, regularUnitFen: 728, memberUnitFen: 718, couponDiscountFen: 0 }), RangeError);
    assert.throws(() => fuelPrice({ amountFen: 1000, regularUnitFen: 0, memberUnitFen: 0, couponDiscountFen: 0 }), RangeError);
  });
});
