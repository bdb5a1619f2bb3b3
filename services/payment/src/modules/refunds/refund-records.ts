/**
 * Writing a refund, for use inside the transaction that decides it (a requested refund with the intent's move, or
 * a payment the intent could not take with its record): the row and the event that carries it out commit
 * together, so a crash in between loses neither. Each refund is its own outbox aggregate: one that cannot reach
 * its provider yet delays no other.
 */
import type { EntityManager } from 'typeorm';
import { addOutboxEvent, fen, PAYMENT_REFUND_REQUESTED, type RefundView } from '@fuel/shared';
import { PaymentAttemptEntity, PaymentRefundEntity, type RefundReason } from '../intents/payment-intent.entity.js';

export interface NewRefund {
  intentId: number;
  attempt: PaymentAttemptEntity;
  refundNo: string;
  amountFen: number;
  reason: RefundReason;
  requestedBy: string;
}

export async function addRefund(manager: EntityManager, refund: NewRefund, now: Date): Promise<RefundView> {
  const row: Omit<PaymentRefundEntity, 'id'> = {
    refundNo: refund.refundNo,
    intentId: refund.intentId,
    attemptId: refund.attempt.id,
    amountFen: fen(refund.amountFen),
    reason: refund.reason,
    status: 'pending',
    providerRefundId: null,
    requestedBy: refund.requestedBy,
    createdAt: now,
    succeededAt: null,
  };
  await manager.insert(PaymentRefundEntity, row);
  await addOutboxEvent(manager, { topic: PAYMENT_REFUND_REQUESTED, aggregateId: `refund:${refund.refundNo}`, payload: { refundNo: refund.refundNo } });
  return refundView(row, refund.attempt);
}

export function refundView(row: Omit<PaymentRefundEntity, 'id'>, attempt: Pick<PaymentAttemptEntity, 'method'>): RefundView {
  return {
    refundNo: row.refundNo,
    amountFen: row.amountFen,
    reason: row.reason,
    status: row.status,
    method: attempt.method,
    createdAt: row.createdAt.toISOString(),
    succeededAt: row.succeededAt?.toISOString() ?? null,
  };
}

/** The refund number of a payment an intent could not take: one per attempt, so it is returned once. */
export const returnRefundNo = (outTradeNo: string) => `R${outTradeNo}`;
