import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addMonths, afterPoints, afterRecharge, atExpiry, NORMAL, progress, reminderDue, type TierState } from './member-tier-rules.js';

const t0 = new Date('2026-01-31T02:00:00Z');
const days = (n: number) => new Date(t0.getTime() + n * 86_400_000);

describe('membership tier rules', () => {
  it('adds calendar months, clamping to the end of shorter months', () => {
    assert.equal(addMonths(t0, 1).toISOString(), '2026-02-28T02:00:00.000Z');
    assert.equal(addMonths(t0, 12).toISOString(), '2027-01-31T02:00:00.000Z');
    assert.equal(addMonths(new Date('2027-02-28T00:00:00Z'), 12).toISOString(), '2028-02-28T00:00:00.000Z');
  });

  it('lands on silver, gold and diamond at 1000, 3000 and 5000 CNY, valid 12 months', () => {
    for (const [fen, tier] of [[100_000, 'silver'], [300_000, 'gold'], [500_000, 'diamond']] as const) {
      const state = afterRecharge(NORMAL, fen, fen, t0);
      assert.equal(state.tier, tier);
      assert.equal(state.expiresAt!.toISOString(), '2027-01-31T02:00:00.000Z');
    }
    assert.equal(afterRecharge(NORMAL, 99_999, 99_999, t0).tier, 'normal');
  });

  it('counts recharges within the window: 1000 then 2000 makes gold', () => {
    const silver = afterRecharge(NORMAL, 100_000, 100_000, t0);
    const gold = afterRecharge(silver, 200_000, 300_000, days(30));
    assert.equal(gold.tier, 'gold');
    assert.equal(gold.expiresAt!.toISOString(), addMonths(days(30), 12).toISOString());
  });

  it('never shortens paid time on an upgrade', () => {
    const silver = afterRecharge(NORMAL, 100_000, 100_000, t0);
    const renewed = afterRecharge(silver, 100_000, 200_000, days(30)); // silver until t0 + 24 months
    const gold = afterRecharge(renewed, 100_000, 300_000, days(60));
    assert.equal(gold.tier, 'gold');
    assert.equal(gold.expiresAt!.toISOString(), renewed.expiresAt!.toISOString());
  });

  it('renews for 12 more months when the tier amount is recharged again', () => {
    const silver = afterRecharge(NORMAL, 100_000, 100_000, t0);
    const partly = afterRecharge(silver, 60_000, 160_000, days(300));
    assert.equal(partly.expiresAt!.getTime(), silver.expiresAt!.getTime());
    assert.equal(partly.renewalFen, 60_000);
    const renewed = afterRecharge(partly, 40_000, 200_000, days(350));
    assert.equal(renewed.tier, 'silver');
    assert.equal(renewed.expiresAt!.toISOString(), addMonths(silver.expiresAt!, 12).toISOString());
    assert.equal(renewed.renewalFen, 0);
  });

  it('is due for a reminder from 15 days before expiry until expiry', () => {
    const silver = afterRecharge(NORMAL, 100_000, 100_000, t0);
    const expiry = silver.expiresAt!.getTime();
    assert.equal(reminderDue(silver, new Date(expiry - 15 * 86_400_000 - 1)), false);
    assert.equal(reminderDue(silver, new Date(expiry - 15 * 86_400_000)), true);
    assert.equal(reminderDue(silver, new Date(expiry - 1)), true);
    assert.equal(reminderDue(silver, new Date(expiry)), false);
    assert.equal(reminderDue(NORMAL, t0), false);
  });

  it('drops at expiry to the tier the points support, or to normal', () => {
    const diamond = afterRecharge(NORMAL, 500_000, 500_000, t0);
    const at = diamond.expiresAt!;
    assert.deepEqual(atExpiry(diamond, 0, new Date(at.getTime() - 1)), diamond);
    assert.deepEqual(atExpiry(diamond, 100, at), NORMAL);
    const byPoints = atExpiry(diamond, 6_500, at);
    assert.equal(byPoints.tier, 'gold');
    assert.equal(byPoints.expiresAt!.toISOString(), addMonths(at, 12).toISOString());
  });

  it('upgrades by points but never downgrades by them', () => {
    assert.equal(afterPoints(NORMAL, 2_000, t0).tier, 'silver');
    const gold = afterRecharge(NORMAL, 300_000, 300_000, t0);
    assert.deepEqual(afterPoints(gold, 2_000, t0), gold);
  });

  it('says what it takes to reach the next tier and to renew', () => {
    const silver: TierState = afterRecharge(NORMAL, 100_000, 100_000, t0);
    assert.deepEqual(progress(silver, 150_000, days(1)), { rechargedInWindowFen: 150_000, nextTier: 'gold', toNextTierFen: 150_000, toRenewFen: 100_000 });
    assert.deepEqual(progress(NORMAL, 0, t0), { rechargedInWindowFen: 0, nextTier: 'silver', toNextTierFen: 100_000, toRenewFen: null });
  });
});
