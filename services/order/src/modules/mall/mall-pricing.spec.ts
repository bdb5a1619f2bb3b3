import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mallPrice } from './mall-pricing.js';

describe('mall pricing', () => {
  it('prices each line at the tier rate, half up, and takes the coupon off the member total', () => {
    // 2 × ¥39.90 at 黄金 92 %: 7980 × 0.92 = 7341.6 → 7342; 1 × ¥12.50: 1250 × 0.92 = 1150
    const price = mallPrice([{ unitFen: 3990, quantity: 2 }, { unitFen: 1250, quantity: 1 }], 920, 500);
    assert.deepEqual(price.lines, [{ listFen: 7980, memberFen: 7342 }, { listFen: 1250, memberFen: 1150 }]);
    assert.equal(price.listFen, 9230);
    assert.equal(price.memberDiscountFen, 738);
    assert.equal(price.couponDiscountFen, 500);
    assert.equal(price.payableFen, 7992);
  });

  it('gives no discount to a normal member and never lets a coupon go below zero', () => {
    assert.equal(mallPrice([{ unitFen: 1000, quantity: 1 }], 1000, 0).payableFen, 1000);
    assert.equal(mallPrice([{ unitFen: 1000, quantity: 1 }], 880, 5000).payableFen, 0);
    // 钻石 88 %: 1 × ¥0.05 = 4.4 → 4
    assert.equal(mallPrice([{ unitFen: 5, quantity: 1 }], 880, 0).lines[0].memberFen, 4);
  });

  it('refuses what cannot be a price', () => {
    assert.throws(() => mallPrice([{ unitFen: 100, quantity: 0 }], 1000, 0), RangeError);
    assert.throws(() => mallPrice([{ unitFen: 10.5, quantity: 1 }], 1000, 0), RangeError);
    assert.throws(() => mallPrice([{ unitFen: 100, quantity: 1 }], 1200, 0), RangeError);
  });
});
