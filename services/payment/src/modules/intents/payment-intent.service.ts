/**
 * Payment intents: one per payable, the amount always stated by the payable's owner (the payment service for a
 * recharge, the order service for an order), never by the client. Every move goes through the transition table
 * (payment-rules.ts) as a conditional update, with a transition row in the same transaction; each attempt gets a
 * new out_trade_no.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import {
  addOutboxEvents,
  CLOCK,
  PAYMENT_SUCCEEDED,
  currentContext,
  DomainError,
  ErrorCode,
  fen,
  forUpdate,
  moneyText,
  isUniqueViolation,
  onPrimary,
  type Clock,
  type PayableKind,
  type PaymentAttemptView,
  type PaymentIntent,
  type PaymentMethod,
  type PaymentStatus,
  type PaymentSucceeded,
  PAYMENT_BENEFITS_EARN,
  type BenefitsEarned,
} from '@fuel/shared';

import { attemptNumber, canAttempt, checkTransition, intentNumber } from './payment-rules.js';
import { PaymentAttemptEntity, PaymentIntentEntity, PaymentRefundEntity, PaymentTransitionEntity } from './payment-intent.entity.js';
import { addRefund, refundView, returnRefundNo } from '../refunds/refund-records.js';

/** An order's benefits (coupons, points) move in their own order, apart from the events for its owner. */
export const benefitsAggregate = (intentNo: string) => `benefits:${intentNo}`;

const RECHARGE_EXPIRES_SECONDS = 30 * 60;
/** The out_trade_no's two-digit attempt suffix. */
const MAX_ATTEMPTS = 99;
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const attemptView = (a: Pick<PaymentAttemptEntity, 'outTradeNo' | 'method' | 'createdAt'>): PaymentAttemptView => ({ outTradeNo: a.outTradeNo, method: a.method, createdAt: a.createdAt.toISOString() });
const randomCode = (length: number) => [...randomBytes(length)].map((b) => ALPHABET[b % ALPHABET.length]).join('');

export interface IntentRequest {
  payableKind: PayableKind;
  payableRef?: string;
  memberId: number;
  amountFen: number;
  description: string;
  expiresInSeconds: number;
  couponIds?: number[];
}

@Injectable()
export class PaymentIntentService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** With the request's Idempotency-Key, the key names the recharge: the same request again returns the same intent. */
  createRecharge(memberId: number, amountFen: number, requestKey?: string): Promise<PaymentIntent> {
    const payableRef = requestKey ? `recharge:${createHash('sha256').update(`${memberId}:${requestKey}`).digest('hex').slice(0, 40)}` : undefined;
    return this.create({ payableKind: 'recharge', payableRef, memberId, amountFen, description: `钱包充值 ${moneyText(amountFen)}`, expiresInSeconds: RECHARGE_EXPIRES_SECONDS });
  }

  /**
   * Creates the intent, or returns the one that exists for the same payable (a retried request): a payable has
   * one intent, and one amount.
   */
  async create(request: IntentRequest): Promise<PaymentIntent> {
    const now = this.clock.now();
    const intentNo = intentNumber(now, randomCode(8));
    const payableRef = request.payableRef ?? `recharge:${intentNo}`;
    let created: PaymentIntentEntity;
    try {
      created = await this.dataSource.transaction(async (manager) => {
        const row = {
          intentNo,
          payableKind: request.payableKind,
          payableRef,
          memberId: request.memberId,
          amountFen: fen(request.amountFen),
          refundedFen: fen(0),
          status: 'created',
          description: request.description,
          attemptCount: 0,
          paidAttemptId: null,
          couponIds: request.couponIds ?? [],
          expiresAt: new Date(now.getTime() + request.expiresInSeconds * 1000),
          createdAt: now,
          updatedAt: now,
        } satisfies Omit<PaymentIntentEntity, 'id'>;
        const { identifiers } = await manager.insert(PaymentIntentEntity, row);
        const id = Number(identifiers[0].id);
        await this.record(manager, id, null, 'created', 'created', now);
        return { ...row, id };
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await onPrimary(this.dataSource, (m) => m.findOneBy(PaymentIntentEntity, { payableKind: request.payableKind, payableRef }));
      if (!existing || existing.memberId !== request.memberId || existing.amountFen !== request.amountFen) {
        if (request.payableKind === 'recharge') throw DomainError.keyReused();
        throw new DomainError(ErrorCode.CONFLICT, '该订单已有不同金额的支付单', { payableRef });
      }
      return this.view(existing);
    }
    // What was just written, as written: a new intent has no attempts or refunds to read back.
    return this.viewOf(created, [], []);
  }

  async get(intentNo: string): Promise<PaymentIntent> {
    return this.view(await this.find(intentNo));
  }

  /** The owner of an intent, for the access check before anything else. */
  async ownerOf(intentNo: string): Promise<number> {
    return (await this.find(intentNo)).memberId;
  }

  /**
   * A new attempt (method, out_trade_no): the intent moves to paying; an expired intent is closed instead. With the
   * request's Idempotency-Key, the attempt that key started (the same request again goes on with it: a wallet
   * attempt's debit carries the attempt's key, so the wallet is charged at most once). `admit` sees the intent as
   * locked, before anything changes (the caller's access check: no separate read for it).
   */
  async startAttempt(intentNo: string, method: PaymentMethod, requestKey?: string, admit: (intent: PaymentIntentEntity) => void = () => undefined): Promise<{ attempt: PaymentAttemptView; intent: PaymentIntentEntity }> {
    const now = this.clock.now();
    const outcome = await this.dataSource.transaction(async (manager) => {
      const intent = await manager.findOne(PaymentIntentEntity, { where: { intentNo }, ...forUpdate(this.dataSource) });
      if (!intent) throw DomainError.notFound('支付单', intentNo);
      admit(intent);
      const earlier = requestKey ? await manager.findOneBy(PaymentAttemptEntity, { intentId: intent.id, requestKey }) : null;
      if (earlier) {
        if (earlier.method !== method) throw DomainError.keyReused();
        // Paid, or still open on an intent that can take it: the same request goes on with it.
        if (earlier.paidAt || (!earlier.closedAt && canAttempt(intent.status) && intent.expiresAt > now)) {
          return { expired: false as const, intent, view: attemptView(earlier) };
        }
        // Settled without money (refused, closed): like a failed request it gives its key back, and this is a new try.
        if (earlier.closedAt) await manager.update(PaymentAttemptEntity, { id: earlier.id }, { requestKey: null });
      }
      if (!canAttempt(intent.status)) throw new DomainError(ErrorCode.CONFLICT, intent.status === 'closed' ? '支付单已关闭' : '该支付单已支付', { status: intent.status });
      if (intent.expiresAt <= now) {
        await this.move(manager, intent, 'closed', 'expired', now);
        return { expired: true as const };
      }
      if (method === 'wallet' && intent.status === 'paying') {
        // The last attempt paid from the wallet and got no answer (its debit may have landed): the retry goes on with
        // it, so its debit carries the same key and the wallet is charged at most once.
        const open = await manager.findOneBy(PaymentAttemptEntity, { intentId: intent.id, outTradeNo: attemptNumber(intent.intentNo, intent.attemptCount) });
        if (open?.method === 'wallet' && !open.paidAt && !open.closedAt) return { expired: false as const, intent, view: attemptView(open) };
      }
      const attempt = intent.attemptCount + 1;
      if (attempt > MAX_ATTEMPTS) throw new DomainError(ErrorCode.UNPROCESSABLE, '支付尝试次数过多，请重新下单');
      const outTradeNo = attemptNumber(intent.intentNo, attempt);
      const moved = await manager.update(PaymentIntentEntity, { id: intent.id, status: intent.status, attemptCount: intent.attemptCount }, { status: 'paying', attemptCount: attempt, updatedAt: now });
      if (moved.affected !== 1) throw new DomainError(ErrorCode.CONFLICT, '支付单状态已变化，请刷新后重试');
      await this.record(manager, intent.id, intent.status, 'paying', `attempt:${method}`, now);
      await manager.insert(PaymentAttemptEntity, { intentId: intent.id, outTradeNo, method, createdAt: now, requestKey: requestKey ?? null });
      return { expired: false as const, intent, view: attemptView({ outTradeNo, method, createdAt: now }) };
    });
    if (outcome.expired) throw new DomainError(ErrorCode.UNPROCESSABLE, '支付单已过期，请重新下单');
    return { attempt: outcome.view, intent: outcome.intent };
  }

  /**
   * A provider (or the wallet) says an attempt was paid: the intent moves to succeeded once, the attempt keeps the
   * provider's transaction id, and `payment.succeeded` is written with it (outbox). A repeated notice changes
   * nothing. Money the intent cannot take (already paid by another attempt, or closed) is recorded on its attempt
   * and its refund written in the same transaction: it goes back by itself.
   */
  async markPaid(outTradeNo: string, paid: { providerTradeNo?: string; amountFen: number }): Promise<'applied' | 'duplicate' | 'unknown' | 'amount-mismatch' | 'overpaid' | 'closed'> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      // Locked, attempt then intent (the order every path takes): concurrent notices of one payment queue here and
      // the later ones read the first one's result (a plain read would see the transaction's older snapshot).
      const attempt = await manager.findOne(PaymentAttemptEntity, { where: { outTradeNo }, ...forUpdate(this.dataSource) });
      if (!attempt) return 'unknown';
      const intent = await manager.findOneOrFail(PaymentIntentEntity, { where: { id: attempt.intentId }, ...forUpdate(this.dataSource) });
      if (intent.amountFen !== paid.amountFen) return 'amount-mismatch';
      if (attempt.paidAt) return 'duplicate';
      await manager.update(PaymentAttemptEntity, { id: attempt.id }, { providerTradeNo: paid.providerTradeNo ?? null, paidAt: now });
      const cannotTake = intent.status === 'closed' ? 'closed' : canAttempt(intent.status) ? undefined : 'overpaid';
      if (cannotTake) {
        await addRefund(manager, { intentId: intent.id, attempt, refundNo: returnRefundNo(outTradeNo), amountFen: paid.amountFen, reason: cannotTake, requestedBy: 'system:payment' }, now);
        return cannotTake;
      }
      await this.move(manager, intent, 'succeeded', `paid:${attempt.method}`, now, { paidAttemptId: attempt.id });
      const event: PaymentSucceeded = { intentNo: intent.intentNo, payableKind: intent.payableKind, payableRef: intent.payableRef, memberId: intent.memberId, amountFen: intent.amountFen, method: attempt.method, outTradeNo };
      const earned: BenefitsEarned = { intentNo: intent.intentNo, memberId: intent.memberId, payableRef: intent.payableRef, amountFen: intent.amountFen, couponIds: intent.couponIds };
      await addOutboxEvents(manager, [
        { topic: PAYMENT_SUCCEEDED, aggregateId: intent.intentNo, payload: event },
        ...(intent.payableKind === 'recharge' ? [] : [{ topic: PAYMENT_BENEFITS_EARN, aggregateId: benefitsAggregate(intent.intentNo), payload: earned }]),
      ]);
      return 'applied';
    });
  }

  /**
   * An attempt that will bring no money (refused by the wallet, closed at its provider, never debited): it is
   * settled, and the intent, if this was its latest attempt and nothing paid it, becomes failed (payable again).
   */
  async settleWithoutMoney(outTradeNo: string, reason: string): Promise<void> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const attempt = await manager.findOne(PaymentAttemptEntity, { where: { outTradeNo }, ...forUpdate(this.dataSource) });
      if (!attempt || attempt.paidAt || attempt.closedAt) return;
      const intent = await manager.findOneOrFail(PaymentIntentEntity, { where: { id: attempt.intentId }, ...forUpdate(this.dataSource) });
      await manager.update(PaymentAttemptEntity, { id: attempt.id, paidAt: IsNull(), closedAt: IsNull() }, { closedAt: now });
      const latest = attemptNumber(intent.intentNo, intent.attemptCount) === outTradeNo;
      if (latest && intent.status === 'paying') await this.move(manager, intent, 'failed', `failed:${attempt.method}:${reason}`.slice(0, 64), now);
    });
  }

  /**
   * The payable's owner no longer wants it paid (its order was cancelled): closed, so no payment can be taken
   * (one arriving anyway is refunded by itself; attempts open at a provider are closed there by reconciliation).
   * Already closed: the same answer. Already paid: CONFLICT — the owner refunds instead.
   */
  async closeByOwner(intentNo: string): Promise<PaymentIntent> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const intent = await manager.findOne(PaymentIntentEntity, { where: { intentNo }, ...forUpdate(this.dataSource) });
      if (!intent) throw DomainError.notFound('支付单', intentNo);
      if (intent.status === 'closed') return;
      if (!checkTransition(intent.status, 'closed').ok) throw new DomainError(ErrorCode.CONFLICT, '支付单已支付', { status: intent.status });
      await this.move(manager, intent, 'closed', 'closed-by-owner', now);
    });
    return this.get(intentNo);
  }

  /** Closes an expired intent none of whose attempts can still bring money (the caller checked). */
  async closeExpired(intentNo: string): Promise<boolean> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const intent = await manager.findOne(PaymentIntentEntity, { where: { intentNo }, ...forUpdate(this.dataSource) });
      if (!intent || intent.expiresAt > now || !checkTransition(intent.status, 'closed').ok) return false;
      await this.move(manager, intent, 'closed', 'expired', now);
      return true;
    });
  }

  /**
   * Moves an intent along the table, once: a conditional update on the current status (a concurrent move makes
   * it affect nothing: CONFLICT), with its transition row, and what changes with it (`alongside`) in the same
   * statement. For use inside the caller's transaction.
   */
  async move(manager: EntityManager, intent: PaymentIntentEntity, to: PaymentStatus, reason: string, now: Date, alongside: Partial<Pick<PaymentIntentEntity, 'paidAttemptId' | 'refundedFen'>> = {}): Promise<void> {
    const check = checkTransition(intent.status, to);
    if (!check.ok) throw new DomainError(ErrorCode.CONFLICT, '支付单当前状态不允许此操作', { from: check.from, to: check.to });
    const moved = await manager.update(PaymentIntentEntity, { id: intent.id, status: intent.status }, { status: to, updatedAt: now, ...alongside });
    if (moved.affected !== 1) throw new DomainError(ErrorCode.CONFLICT, '支付单状态已变化，请刷新后重试');
    await this.record(manager, intent.id, intent.status, to, reason, now);
  }

  private async record(manager: EntityManager, intentId: number, from: PaymentStatus | null, to: PaymentStatus, reason: string, now: Date): Promise<void> {
    const context = currentContext();
    const actor = context?.actor ? `${context.actor.kind}:${context.actor.id}` : 'system:payment';
    await manager.insert(PaymentTransitionEntity, { intentId, fromStatus: from, toStatus: to, reason, actor, requestId: context?.requestId ?? null, createdAt: now });
  }

  async find(intentNo: string): Promise<PaymentIntentEntity> {
    // From the primary: an intent is read right after it was written, and it decides money.
    const intent = await onPrimary(this.dataSource, (m) => m.findOneBy(PaymentIntentEntity, { intentNo }));
    if (!intent) throw DomainError.notFound('支付单', intentNo);
    return intent;
  }

  private async view(intent: PaymentIntentEntity): Promise<PaymentIntent> {
    const [attempts, refunds] = await onPrimary(this.dataSource, (m) =>
      Promise.all([m.find(PaymentAttemptEntity, { where: { intentId: intent.id }, order: { id: 'ASC' } }), m.find(PaymentRefundEntity, { where: { intentId: intent.id }, order: { id: 'ASC' } })]),
    );
    return this.viewOf(intent, attempts, refunds);
  }

  private viewOf(intent: PaymentIntentEntity, attempts: PaymentAttemptEntity[], refunds: PaymentRefundEntity[]): PaymentIntent {
    return {
      intentNo: intent.intentNo,
      payableKind: intent.payableKind,
      payableRef: intent.payableRef,
      memberId: intent.memberId,
      amountFen: intent.amountFen,
      refundedFen: intent.refundedFen,
      status: intent.status,
      description: intent.description,
      expiresAt: intent.expiresAt.toISOString(),
      createdAt: intent.createdAt.toISOString(),
      attempts: attempts.map(attemptView),
      refunds: refunds.map((r) => refundView(r, attempts.find((a) => a.id === r.attemptId)!)),
    };
  }
}
