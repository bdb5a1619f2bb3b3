/**
 * Payment events leave through the outbox, written in the transaction of the change they announce and relayed
 * after commit:
 * - `payment.succeeded` → the payable's owner. A recharge is the payment service's own: the relay credits the
 *   member's wallet (user.wallet.credit, keyed by the intent so a redelivery credits once). Orders: the order
 *   service's consumer comes with the mall (issue 10); until then their events wait, retried with backoff.
 * - `payment.refund.requested` → the refund carried out at its provider (RefundService.execute, repeatable).
 * - `payment.refunded` → the payable's owner, for coupons and points (orders; a recharge is never refunded on
 *   request).
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  HOT_STORE,
  LOGGER,
  memberContracts,
  OutboxRelay,
  PAYMENT_REFUND_REQUESTED,
  PAYMENT_REFUNDED,
  PAYMENT_SUCCEEDED,
  ServiceClient,
  type HotStore,
  type Logger,
  type PaymentRefunded,
  type PaymentSucceeded,
} from '@fuel/shared';
import { RefundService } from '../refunds/refund.service.js';

@Injectable()
export class PaymentEvents implements OnModuleInit, OnModuleDestroy {
  private readonly relay: OutboxRelay;

  constructor(dataSource: DataSource, @Inject(HOT_STORE) hot: HotStore, @Inject(LOGGER) logger: Logger, services: ServiceClient, refunds: RefundService) {
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
        [PAYMENT_REFUNDED]: async (event) => {
          const refunded = event.payload as PaymentRefunded;
          throw new Error(`no consumer for ${refunded.payableKind} refunds yet`);
        },
      },
    });
  }

  onModuleInit(): void {
    this.relay.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.relay.stop();
  }

  /** After a commit that wrote events: deliver them now rather than at the next poll. */
  async deliver(): Promise<void> {
    await this.relay.kick();
  }
}
