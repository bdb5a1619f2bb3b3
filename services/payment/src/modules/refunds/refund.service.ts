/**
 * Refunds go back the way the money came: the wallet (a `refund` credit), Alipay (synchronous) or WeChat Pay
 * (PROCESSING, then its notification). A refund is decided in one transaction (the intent's refunded amount and
 * state, the refund row, the event that carries it out) and carried out by the outbox relay, retried until the
 * provider has it; the refund number is the provider's idempotency key, so a retry never pays twice.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  addOutboxEvent,
  CLOCK,
  DomainError,
  ErrorCode,
  fen,
  forUpdate,
  LOGGER,
  memberContracts,
  onPrimary,
  PAYMENT_BENEFITS_REVERSE,
  PAYMENT_REFUNDED,
  ServiceClient,
  type BenefitsReversed,
  type Clock,
  type Logger,
  type PaymentRefunded,
  type RefundView,
} from '@fuel/shared';
import { AlipayPayClient } from '../../infra/adapters/alipay/alipay-pay.client.js';
import { WechatPayClient } from '../../infra/adapters/wechatpay/wechat-pay.client.js';
import { PaymentAttemptEntity, PaymentIntentEntity, PaymentRefundEntity } from '../intents/payment-intent.entity.js';
import { benefitsAggregate, PaymentIntentService } from '../intents/payment-intent.service.js';
import { afterRefund, pointsBaseForRefund } from '../intents/payment-rules.js';
import { addRefund, refundView } from './refund-records.js';

@Injectable()
export class RefundService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly intents: PaymentIntentService,
    private readonly wechat: WechatPayClient,
    private readonly alipay: AlipayPayClient,
    private readonly services: ServiceClient,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** (Part of) a paid intent back to its payer; the same refund number again returns the same refund. */
  async request(intentNo: string, refundNo: string, amountFen: number, requestedBy: string): Promise<RefundView> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const intent = await manager.findOne(PaymentIntentEntity, { where: { intentNo }, ...forUpdate(this.dataSource) });
      if (!intent) throw DomainError.notFound('支付单', intentNo);
      const existing = await manager.findOneBy(PaymentRefundEntity, { refundNo });
      if (existing) {
        if (existing.intentId !== intent.id || existing.amountFen !== amountFen) throw new DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, '退款单号已用于另一笔退款', { refundNo });
        return refundView(existing, await manager.findOneByOrFail(PaymentAttemptEntity, { id: existing.attemptId }));
      }
      if (intent.paidAttemptId === null) throw new DomainError(ErrorCode.CONFLICT, '支付单未支付，不能退款', { status: intent.status });
      const next = afterRefund(intent.amountFen, intent.refundedFen, amountFen);
      if ('error' in next) throw new DomainError(ErrorCode.UNPROCESSABLE, '退款金额超过可退金额', { refundableFen: intent.amountFen - intent.refundedFen });
      await this.intents.move(manager, intent, next.status, `refund:${refundNo}`, now, { refundedFen: fen(next.refundedFen) });
      const attempt = await manager.findOneByOrFail(PaymentAttemptEntity, { id: intent.paidAttemptId });
      return addRefund(manager, { intentId: intent.id, attempt, refundNo, amountFen, reason: 'requested', requestedBy }, now);
    });
  }

  /** Carries a pending refund out at its provider (the relay's handler; safe to repeat). */
  async execute(refundNo: string): Promise<void> {
    const refund = await onPrimary(this.dataSource, (m) => m.findOneBy(PaymentRefundEntity, { refundNo }));
    if (!refund || refund.status === 'succeeded') return;
    const [attempt, intent] = await onPrimary(this.dataSource, (m) => Promise.all([m.findOneByOrFail(PaymentAttemptEntity, { id: refund.attemptId }), m.findOneByOrFail(PaymentIntentEntity, { id: refund.intentId })]));
    if (attempt.method === 'wallet') {
      const entry = await this.services.callAsSystem(memberContracts.credit, { memberId: intent.memberId, amountFen: refund.amountFen, kind: 'refund', idempotencyKey: `refund:${refundNo}`, reference: intent.intentNo, memo: intent.description });
      return this.complete(refundNo, `wallet:${entry.id}`);
    }
    if (attempt.method === 'alipay') {
      await this.alipay.refund(attempt.outTradeNo, refundNo, refund.amountFen);
      return this.complete(refundNo, null);
    }
    const wechat = await this.wechat.refund({ outTradeNo: attempt.outTradeNo, refundNo, amountFen: refund.amountFen, totalFen: intent.amountFen });
    if (wechat.status === 'SUCCESS') return this.complete(refundNo, wechat.refundId);
    // PROCESSING: WeChat notifies when the money is back; reconciliation asks if it does not.
    await this.dataSource.getRepository(PaymentRefundEntity).update({ refundNo, status: 'pending' }, { providerRefundId: wechat.refundId });
    this.logger.info({ refundNo, status: wechat.status }, 'wechat pay refund accepted');
  }

  /** WeChat says a refund is done (its notification, or reconciliation's query). */
  async wechatRefundDone(refundNo: string, refundId: string | null): Promise<'applied' | 'duplicate' | 'unknown'> {
    const refund = await onPrimary(this.dataSource, (m) => m.findOneBy(PaymentRefundEntity, { refundNo }));
    if (!refund) return 'unknown';
    if (refund.status === 'succeeded') return 'duplicate';
    await this.complete(refundNo, refundId);
    return 'applied';
  }

  /** WeChat refunds still processing after `olderThan`: asked again (the same number is the same refund). */
  pendingSince(olderThan: Date): Promise<PaymentRefundEntity[]> {
    return onPrimary(this.dataSource, (m) => m.createQueryBuilder(PaymentRefundEntity, 'r').where('r.status = :status AND r.created_at < :olderThan', { status: 'pending', olderThan }).orderBy('r.id', 'ASC').take(200).getMany());
  }

  /**
   * Once: pending → succeeded, and for a refund the payable's owner asked for, `payment.refunded` in the same
   * transaction (its coupons and points follow).
   */
  private async complete(refundNo: string, providerRefundId: string | null): Promise<void> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const moved = await manager.update(PaymentRefundEntity, { refundNo, status: 'pending' }, { status: 'succeeded', succeededAt: now, ...(providerRefundId ? { providerRefundId } : {}) });
      if (moved.affected !== 1) return;
      const refund = await manager.findOneByOrFail(PaymentRefundEntity, { refundNo });
      this.logger.info({ refundNo, reason: refund.reason, amountFen: refund.amountFen }, 'refund succeeded');
      if (refund.reason !== 'requested') return;
      const [intent, attempt] = await Promise.all([manager.findOneByOrFail(PaymentIntentEntity, { id: refund.intentId }), manager.findOneByOrFail(PaymentAttemptEntity, { id: refund.attemptId })]);
      const event: PaymentRefunded = { intentNo: intent.intentNo, payableKind: intent.payableKind, payableRef: intent.payableRef, memberId: intent.memberId, refundNo, amountFen: refund.amountFen, method: attempt.method };
      await addOutboxEvent(manager, { topic: PAYMENT_REFUNDED, aggregateId: intent.intentNo, payload: event });
      // In request order (refund ids), whatever order the providers finish in.
      const { before } = (await manager
        .createQueryBuilder(PaymentRefundEntity, 'r')
        .select('COALESCE(SUM(r.amount_fen), 0)', 'before')
        .where("r.intent_id = :intentId AND r.reason = 'requested' AND r.id < :id", { intentId: intent.id, id: refund.id })
        .getRawOne()) as { before: string | number };
      const refundedBefore = Number(before);
      const reversed: BenefitsReversed = {
        intentNo: intent.intentNo,
        memberId: intent.memberId,
        payableRef: intent.payableRef,
        refundNo,
        pointsBaseFen: pointsBaseForRefund(intent.amountFen, refundedBefore, refund.amountFen),
        releaseCouponIds: refundedBefore + refund.amountFen === intent.amountFen ? intent.couponIds : [],
      };
      await addOutboxEvent(manager, { topic: PAYMENT_BENEFITS_REVERSE, aggregateId: benefitsAggregate(intent.intentNo), payload: reversed });
    });
  }
}
