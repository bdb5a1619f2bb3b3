import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GradePriceInput } from '@fuel/shared';
import { checkPriceChanges } from './price-rules.js';

const p92 = (regular: number, silver = regular - 10, gold = regular - 20, diamond = regular - 30): GradePriceInput => ({
  grade: '92',
  regularFen: regular,
  memberFen: { silver, gold, diamond },
});
const current = new Map([['92', p92(728)]]);
const rules = { jumpBoundPerMille: 150, confirmed: false };

describe('price change rules', () => {
  it('accepts a small move with ordered member prices', () => {
    assert.equal(checkPriceChanges([p92(735)], current, rules), undefined);
  });

  it('refuses a member price above the regular price, naming the field', () => {
    const violation = checkPriceChanges([p92(728, 730)], current, rules);
    assert.equal(violation?.code, 'MEMBER_PRICE_ABOVE_REGULAR');
    assert.deepEqual(violation?.issues.map((i) => i.field), ['changes.0.memberFen.silver']);
  });

  it('refuses a higher tier paying more than a lower one', () => {
    const violation = checkPriceChanges([p92(728, 700, 710, 690)], current, rules);
    assert.deepEqual(violation?.issues.map((i) => i.field), ['changes.0.memberFen.gold']);
  });

  it('accepts equal member prices across tiers', () => {
    assert.equal(checkPriceChanges([p92(728, 700, 700, 700)], current, rules), undefined);
  });

  it('needs a confirm for a move beyond the bound, in either direction, and accepts it confirmed', () => {
    assert.equal(checkPriceChanges([p92(838)], current, rules)?.code, 'PRICE_JUMP_UNCONFIRMED'); // +15.1 %
    assert.equal(checkPriceChanges([p92(618)], current, rules)?.code, 'PRICE_JUMP_UNCONFIRMED'); // -15.1 %
    assert.equal(checkPriceChanges([p92(837, 825, 814, 802)], current, rules), undefined); // every amount within +15 %
    assert.equal(checkPriceChanges([p92(837)], current, rules)?.code, 'PRICE_JUMP_UNCONFIRMED'); // silver 718 → 827 is +15.2 %
    assert.equal(checkPriceChanges([p92(838)], current, { ...rules, confirmed: true }), undefined);
  });

  it('has nothing to compare a first price of a grade with', () => {
    assert.equal(checkPriceChanges([{ ...p92(1200), grade: '98' }], current, rules), undefined);
  });
});
