/**
 * Payment events leave through the outbox, written in the transaction of the change they announce and relayed
 * after commit:
 * - `payment.succeeded` → the payable's owner. A recharge is the payment service's own: the relay credits the
 *   member's wallet (user.wallet.credit, keyed by the intent so a redelivery credits once); an order's is the
 *   order service's (order.payments.paid).
 * - `payment.refund.requested` → the refund carried out at its provider (RefundService.execute, repeatable).
 * - `payment.refunded` → the payable's owner (order.payments.refunded; a recharge is never refunded on request).
 * - `payment.benefits.earn` / `.reverse` → an order's coupons used and points earned when paid; points for the
 *   refunded yuan taken back, and the coupons returned once fully refunded (members RPCs, idempotent keys).
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  couponContracts,
  DomainError,
  ErrorCode,
  orderContracts,
  HOT_STORE,
  LOGGER,
  memberContracts,
  OutboxRelay,
  OutboxRelayHost,
  PAYMENT_BENEFITS_EARN,
  PAYMENT_BENEFITS_REVERSE,
  PAYMENT_REFUND_REQUESTED,
  PAYMENT_REFUNDED,
  PAYMENT_SUCCEEDED,
  ServiceClient,
  type BenefitsEarned,
  type BenefitsReversed,
  type HotStore,
  type Logger,
  type PaymentMethod,
  type PaymentRefunded,
  type PaymentSucceeded,
} from '@fuel/shared';
import { RefundService } from '../refunds/refund.service.js';

/** A recharge's wallet row names how the money came in. */
const PAID_IN_WITH: Record<PaymentMethod, string> = { wallet: '钱包', wechat: '微信支付充值', alipay: '支付宝充值' };

/**
 * Tells the payable's owner. Its refusal that no retry can change (no such order, not its to take) is logged for
 * an operator and the event is done; anything else (the owner away, a timeout) is retried.
 */
async function toOwner(logger: Logger, topic: string, event: { intentNo: string; payableRef: string }, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    const final = error instanceof DomainError && ([ErrorCode.NOT_FOUND, ErrorCode.VALIDATION_FAILED, ErrorCode.FORBIDDEN, ErrorCode.CONFLICT] as string[]).includes(error.code);
    if (!final) throw error;
    logger.error({ topic, intentNo: event.intentNo, payableRef: event.payableRef, code: error.code, err: error.message }, 'payment event refused by the payable owner: needs an operator');
  }
}

@Injectable()
export class PaymentEvents extends OutboxRelayHost {
  protected readonly relay: OutboxRelay;

  constructor(dataSource: DataSource, @Inject(HOT_STORE) hot: HotStore, @Inject(LOGGER) logger: Logger, services: ServiceClient, refunds: RefundService) {
    super();
    this.relay = new OutboxRelay({
      service: 'payment',
      dataSource,
      hotStore: hot,
      logger,
      backoff: { initialMs: 1000, maxMs: 60_000 },
      handlers: {
        [PAYMENT_SUCCEEDED]: async (event) => {
          const paid = event.payload as PaymentSucceeded;
          if (paid.payableKind === 'recharge') {
            await services.callAsSystem(memberContracts.credit, { memberId: paid.memberId, amountFen: paid.amountFen, kind: 'recharge', idempotencyKey: `recharge:${paid.intentNo}`, reference: paid.intentNo, memo: PAID_IN_WITH[paid.method] });
            return;
          }
          await toOwner(logger, event.topic, paid, () => services.callAsSystem(orderContracts.paid, { orderNo: paid.payableRef, intentNo: paid.intentNo, amountFen: paid.amountFen }));
        },
        [PAYMENT_REFUND_REQUESTED]: (event) => refunds.execute((event.payload as { refundNo: string }).refundNo),
        [PAYMENT_BENEFITS_EARN]: async (event) => {
          const earned = event.payload as BenefitsEarned;
          if (earned.couponIds.length) await services.callAsSystem(couponContracts.consume, { couponIds: earned.couponIds, orderRef: earned.payableRef });
          await services.callAsSystem(memberContracts.points, { memberId: earned.memberId, kind: 'earn', amountFen: earned.amountFen, idempotencyKey: `earn:${earned.intentNo}`, reference: earned.intentNo });
        },
        [PAYMENT_BENEFITS_REVERSE]: async (event) => {
          const reversed = event.payload as BenefitsReversed;
          if (reversed.pointsBaseFen > 0) await services.callAsSystem(memberContracts.points, { memberId: reversed.memberId, kind: 'reverse', amountFen: reversed.pointsBaseFen, idempotencyKey: `reverse:${reversed.refundNo}`, reference: reversed.intentNo });
          if (reversed.releaseCouponIds.length) await services.callAsSystem(couponContracts.release, { couponIds: reversed.releaseCouponIds, orderRef: reversed.payableRef });
        },
        [PAYMENT_REFUNDED]: async (event) => {
          const refunded = event.payload as PaymentRefunded;
          await toOwner(logger, event.topic, refunded, () => services.callAsSystem(orderContracts.refunded, { orderNo: refunded.payableRef, intentNo: refunded.intentNo, amountFen: refunded.amountFen, refundNo: refunded.refundNo }));
        },
      },
    });
  }
}
