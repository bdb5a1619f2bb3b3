/**
 * Payment events leave through the outbox, written in the transaction of the change they announce and relayed
 * after commit:
 * - `payment.succeeded` → the payable's owner. A recharge is the payment service's own: the relay credits the
 *   member's wallet (user.wallet.credit, keyed by the intent so a redelivery credits once). Orders: the order
 *   service's consumer comes with the mall (issue 10); until then their events wait, retried with backoff.
 * - `payment.refund.requested` → the refund carried out at its provider (RefundService.execute, repeatable).
 * - `payment.refunded` → the payable's owner (orders; a recharge is never refunded on request).
 * - `payment.benefits.earn` / `.reverse` → an order's coupons used and points earned when paid; points for the
 *   refunded yuan taken back, and the coupons returned once fully refunded (members RPCs, idempotent keys).
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  couponContracts,
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
  type PaymentRefunded,
  type PaymentSucceeded,
} from '@fuel/shared';
import { RefundService } from '../refunds/refund.service.js';

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
          if (paid.payableKind !== 'recharge') throw new Error(`no consumer for ${paid.payableKind} yet`);
          await services.callAsSystem(memberContracts.credit, { memberId: paid.memberId, amountFen: paid.amountFen, kind: 'recharge', idempotencyKey: `recharge:${paid.intentNo}`, reference: paid.intentNo });
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
          throw new Error(`no consumer for ${refunded.payableKind} refunds yet`);
        },
      },
    });
  }
}
