import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PAYMENT_STATUSES, type PaymentStatus } from '@fuel/shared';
import { pointsBaseForRefund, afterRefund, attemptNumber, canAttempt, checkTransition, intentNumber, PAYMENT_TRANSITIONS } from './payment-rules.js';

const allowed: Array<[PaymentStatus, PaymentStatus]> = [
  ['created', 'paying'],
  ['created', 'closed'],
  ['paying', 'paying'],
  ['paying', 'succeeded'],
  ['paying', 'failed'],
  ['paying', 'closed'],
  ['failed', 'paying'],
  ['failed', 'succeeded'],
  ['failed', 'closed'],
  ['succeeded', 'partially_refunded'],
  ['succeeded', 'refunded'],
  ['partially_refunded', 'partially_refunded'],
  ['partially_refunded', 'refunded'],
];

describe('payment intent transitions', () => {
  it('allows exactly the moves of the table, and refuses every other pair with a typed error', () => {
    for (const from of PAYMENT_STATUSES) {
      for (const to of PAYMENT_STATUSES) {
        const expected = allowed.some(([f, t]) => f === from && t === to);
        const check = checkTransition(from, to);
        assert.equal(check.ok, expected, `${from} → ${to}`);
        if (!check.ok) assert.deepEqual(check, { ok: false, error: 'ILLEGAL_TRANSITION', from, to });
      }
    }
    assert.equal(Object.values(PAYMENT_TRANSITIONS).flat().length, allowed.length);
  });

  it('never leaves closed or refunded, and never takes money again after success', () => {
    assert.deepEqual(PAYMENT_TRANSITIONS.closed, []);
    assert.deepEqual(PAYMENT_TRANSITIONS.refunded, []);
    assert.equal(canAttempt('succeeded'), false);
    assert.equal(canAttempt('closed'), false);
    assert.equal(canAttempt('created'), true);
    assert.equal(canAttempt('failed'), true);
  });

  it('refunds in parts up to the amount paid, never beyond', () => {
    assert.deepEqual(afterRefund(30_000, 0, 10_000), { status: 'partially_refunded', refundedFen: 10_000 });
    assert.deepEqual(afterRefund(30_000, 10_000, 20_000), { status: 'refunded', refundedFen: 30_000 });
    assert.deepEqual(afterRefund(30_000, 10_000, 20_001), { error: 'REFUND_EXCEEDS_PAID' });
    assert.deepEqual(afterRefund(30_000, 0, 0), { error: 'REFUND_EXCEEDS_PAID' });
    assert.deepEqual(afterRefund(30_000, 0, 1.5), { error: 'REFUND_EXCEEDS_PAID' });
  });

  it('numbers intents and attempts within WeChat Pay’s out_trade_no rules', () => {
    const intent = intentNumber(new Date('2026-11-29T10:00:00Z'), 'A1B2C3D4');
    assert.equal(intent, 'P20261129A1B2C3D4');
    assert.equal(attemptNumber(intent, 1), 'P20261129A1B2C3D401');
    assert.match(attemptNumber(intent, 99), /^[0-9A-Za-z_\-|*]{6,32}$/);
    assert.throws(() => attemptNumber(intent, 100), RangeError);
  });
});

describe('points taken back by a refund', () => {
  it('takes back the whole yuan a refund removes from what is still paid', () => {
    assert.equal(pointsBaseForRefund(15_050, 0, 5_025), 5_000);
    assert.equal(pointsBaseForRefund(15_050, 5_025, 10_025), 10_000);
    assert.equal(pointsBaseForRefund(100, 0, 50), 100, 'what is still paid no longer reaches a whole yuan');
    assert.equal(pointsBaseForRefund(100, 50, 50), 0, 'the point went back with the first half');
    assert.equal(pointsBaseForRefund(20_000, 0, 20_000), 20_000);
  });

  it('never takes back more than the payment earned, however it is split', () => {
    for (const amount of [99, 100, 101, 15_050, 20_000]) {
      for (const first of [1, 49, 50, amount - 1]) {
        if (first <= 0 || first >= amount) continue;
        const total = pointsBaseForRefund(amount, 0, first) + pointsBaseForRefund(amount, first, amount - first);
        assert.equal(total, Math.floor(amount / 100) * 100, `${amount} split at ${first}`);
      }
    }
  });
});
