/**
 * Payment events leave through the outbox: `payment.succeeded` is written with the intent's move to succeeded and
 * relayed after commit to whoever owns the payable. A recharge is the payment service's own: the relay credits the
 * member's wallet (user.wallet.credit, keyed by the intent so a redelivery credits once).
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HOT_STORE, LOGGER, memberContracts, OutboxRelay, PAYMENT_SUCCEEDED, ServiceClient, type HotStore, type Logger, type PaymentSucceeded } from '@fuel/shared';

@Injectable()
export class PaymentEvents implements OnModuleInit, OnModuleDestroy {
  private readonly relay: OutboxRelay;

  constructor(dataSource: DataSource, @Inject(HOT_STORE) hot: HotStore, @Inject(LOGGER) logger: Logger, services: ServiceClient) {
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
