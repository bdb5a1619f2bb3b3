/**
 * The order service's outbox: what an order's change asks of other services, sent after commit and retried until
 * done (each call idempotent), so a crash between the change and the call loses nothing:
 * - `order.refund` → payment.refunds.create (refund number per order: a repeat is the same refund);
 * - `order.release` → the order's coupons back to the card pack (cancelled or expired before payment).
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { couponContracts, HOT_STORE, LOGGER, OutboxRelay, OutboxRelayHost, paymentContracts, ServiceClient, type HotStore, type Logger } from '@fuel/shared';

export const ORDER_REFUND = 'order.refund';
export const ORDER_RELEASE = 'order.release';
export interface OrderRefundEvent {
  orderNo: string;
  intentNo: string;
  refundNo: string;
  amountFen: number;
}
export interface OrderReleaseEvent {
  orderNo: string;
  couponIds: number[];
}

@Injectable()
export class OrderEvents extends OutboxRelayHost {
  protected readonly relay: OutboxRelay;

  constructor(dataSource: DataSource, @Inject(HOT_STORE) hot: HotStore, @Inject(LOGGER) logger: Logger, services: ServiceClient) {
    super();
    this.relay = new OutboxRelay({
      service: 'order',
      dataSource,
      hotStore: hot,
      logger,
      backoff: { initialMs: 1000, maxMs: 60_000 },
      handlers: {
        [ORDER_REFUND]: async (event) => {
          const refund = event.payload as OrderRefundEvent;
          await services.callAsSystem(paymentContracts.refund, { intentNo: refund.intentNo, refundNo: refund.refundNo, amountFen: refund.amountFen });
        },
        [ORDER_RELEASE]: async (event) => {
          const release = event.payload as OrderReleaseEvent;
          if (release.couponIds.length) await services.callAsSystem(couponContracts.release, { couponIds: release.couponIds, orderRef: release.orderNo });
        },
      },
    });
  }
}
