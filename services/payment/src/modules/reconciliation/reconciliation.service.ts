/**
 * Reconciliation: every RECONCILE_INTERVAL_MS, one instance at a time (a Redis lock), the payment service asks
 * the other side of everything still open and repairs what disagrees, logging each repair:
 * - an attempt neither paid nor settled, older than the grace period: the wallet ledger (by the attempt's debit
 *   key) or the provider (query by out_trade_no). Paid there → marked paid here (which refunds it by itself when
 *   the intent was closed or paid otherwise); closed or never created there → settled; still open there while
 *   the intent can no longer take it (expired, or paid by another attempt) → closed at the provider first.
 * - an expired intent with no attempt left open → closed.
 * - a WeChat refund still PROCESSING after the grace period → asked again (done there → done here).
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOCK, ExclusiveJob, forgetRequestKeys, HOT_STORE, hourly, LOGGER, memberContracts, onPrimary, reconciliationRepairs, SERVICE_ENV, ServiceClient, type Clock, type HotStore, type Logger } from '@fuel/shared';
import type { PaymentEnv } from '../../config/payment-env.js';
import { AlipayPayClient } from '../../infra/adapters/alipay/alipay-pay.client.js';
import { WechatPayClient } from '../../infra/adapters/wechatpay/wechat-pay.client.js';
import { walletDebitKey } from '../intents/checkout.service.js';
import { PaymentAttemptEntity, PaymentIntentEntity } from '../intents/payment-intent.entity.js';
import { PaymentEvents } from '../intents/payment-events.js';
import { PaymentIntentService } from '../intents/payment-intent.service.js';
import { canAttempt } from '../intents/payment-rules.js';
import { RefundService } from '../refunds/refund.service.js';

export interface Repair {
  repair: string;
  outTradeNo?: string;
  intentNo?: string;
  refundNo?: string;
  outcome?: string;
}

const LOCK_KEY = 'payment:reconciliation';
/** A crashed instance's lock lapses after this; a pass stops checking at half of it, so passes never overlap. */
const LOCK_TTL_SECONDS = 60;
const LOOKBACK_MS = 7 * 86_400_000;
const BATCH = 200;

interface OpenAttempt {
  attempt: PaymentAttemptEntity;
  intent: PaymentIntentEntity;
}

@Injectable()
export class ReconciliationService implements OnModuleInit, OnModuleDestroy {
  private readonly job: ExclusiveJob<Repair[]>;
  private readonly forgetKeys: () => Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly intents: PaymentIntentService,
    private readonly refunds: RefundService,
    private readonly wechat: WechatPayClient,
    private readonly alipay: AlipayPayClient,
    private readonly services: ServiceClient,
    private readonly events: PaymentEvents,
    @Inject(HOT_STORE) hot: HotStore,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_ENV) private readonly env: PaymentEnv,
  ) {
    // Idempotency-Keys older than a day: the attempts' (a recharge's key names its payable for good).
    this.forgetKeys = hourly(() => forgetRequestKeys(dataSource, { table: 'payment_attempts', columns: ['request_key'], usedAt: 'created_at' }, clock.now()), () => clock.now());
    this.job = new ExclusiveJob({ name: 'reconciliation pass', dataSource, hotStore: hot, logger, lockKey: LOCK_KEY, lockTtlSeconds: LOCK_TTL_SECONDS, intervalMs: env.RECONCILE_INTERVAL_MS, idle: [], work: (inTime) => this.pass(inTime) });
  }

  onModuleInit(): void {
    this.job.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }

  /** One pass (if no other instance is running one); the repairs it made. */
  run(): Promise<Repair[]> {
    return this.job.run();
  }

  private async pass(inTime: () => boolean): Promise<Repair[]> {
    await this.forgetKeys();
    const repairs: Repair[] = [];
    const settledBefore = new Date(this.clock.now().getTime() - this.env.RECONCILE_GRACE_MS);
    for (const open of await this.openAttempts(settledBefore)) if (inTime()) await this.attempt(repairs, () => this.checkAttempt(open), { outTradeNo: open.attempt.outTradeNo });
    for (const intentNo of await this.expiredIntents()) if (inTime()) await this.attempt(repairs, async () => ((await this.intents.closeExpired(intentNo)) ? { repair: 'intent-expired', intentNo } : undefined), { intentNo });
    for (const refund of await this.refunds.pendingSince(settledBefore)) if (inTime()) await this.attempt(repairs, () => this.checkRefund(refund.refundNo, refund.providerRefundId), { refundNo: refund.refundNo });
    if (repairs.length) void this.events.deliver();
    return repairs;
  }

  /** One check; a failure (a provider away) is logged and left for the next pass. */
  private async attempt(repairs: Repair[], check: () => Promise<Repair | undefined>, subject: Record<string, string>): Promise<void> {
    try {
      const repair = await check();
      if (!repair) return;
      repairs.push(repair);
      this.logger.warn(repair, 'reconciliation repaired');
      reconciliationRepairs.inc({ repair: repair.repair });
    } catch (error) {
      this.logger.warn({ ...subject, err: String(error) }, 'reconciliation could not check; next pass');
    }
  }

  private async checkAttempt({ attempt, intent }: OpenAttempt): Promise<Repair | undefined> {
    const { outTradeNo } = attempt;
    const payable = canAttempt(intent.status) && intent.expiresAt > this.clock.now();
    const paid = async (providerTradeNo: string | undefined, amountFen: number, repair: string) => ({ repair, outTradeNo, outcome: await this.intents.markPaid(outTradeNo, { providerTradeNo, amountFen }) });
    const settle = async (reason: string) => {
      await this.intents.settleWithoutMoney(outTradeNo, reason);
      return { repair: `attempt-${reason}`, outTradeNo };
    };
    if (attempt.method === 'wallet') {
      const { entry } = await this.services.callAsSystem(memberContracts.entryByKey, { memberId: intent.memberId, idempotencyKey: walletDebitKey(outTradeNo) });
      return entry ? paid(`wallet:${entry.id}`, -entry.amountFen, 'wallet-debit-found') : settle('never-debited');
    }
    if (attempt.method === 'wechat') {
      const trade = await this.wechat.query(outTradeNo);
      if (!trade) return settle('no-provider-order');
      if (trade.tradeState === 'SUCCESS' || trade.tradeState === 'REFUND') return paid(trade.transactionId, trade.amountFen, 'provider-paid');
      if (trade.tradeState === 'CLOSED' || trade.tradeState === 'PAYERROR' || trade.tradeState === 'REVOKED') return settle('closed-at-provider');
      if (payable) return undefined;
      await this.wechat.close(outTradeNo);
      return settle('closed-at-provider');
    }
    const trade = await this.alipay.query(outTradeNo);
    if (!trade) return settle('no-provider-order');
    if (trade.tradeStatus === 'TRADE_SUCCESS' || trade.tradeStatus === 'TRADE_FINISHED') return paid(trade.tradeNo, trade.amountFen, 'provider-paid');
    if (trade.tradeStatus === 'TRADE_CLOSED') return settle('closed-at-provider');
    if (payable) return undefined;
    // Paid while we closed it: the next pass finds it paid and takes or refunds it.
    return (await this.alipay.close(outTradeNo)) === 'closed' ? settle('closed-at-provider') : undefined;
  }

  private async checkRefund(refundNo: string, providerRefundId: string | null): Promise<Repair | undefined> {
    // Only WeChat refunds wait on the provider after being accepted; the others are the relay's to retry.
    if (!providerRefundId) return undefined;
    const status = await this.wechat.refundStatus(refundNo);
    if (status?.status !== 'SUCCESS') return undefined;
    return { repair: 'refund-confirmed', refundNo, outcome: await this.refunds.wechatRefundDone(refundNo, status.refundId) };
  }

  private async openAttempts(createdBefore: Date): Promise<OpenAttempt[]> {
    const since = new Date(this.clock.now().getTime() - LOOKBACK_MS);
    return onPrimary(this.dataSource, async (m) => {
      const attempts = await m
        .createQueryBuilder(PaymentAttemptEntity, 'a')
        .where('a.paid_at IS NULL AND a.closed_at IS NULL AND a.created_at < :createdBefore AND a.created_at > :since', { createdBefore, since })
        .orderBy('a.id', 'ASC')
        .take(BATCH)
        .getMany();
      const intents = attempts.length ? await m.createQueryBuilder(PaymentIntentEntity, 'i').where('i.id IN (:...ids)', { ids: [...new Set(attempts.map((a) => a.intentId))] }).getMany() : [];
      return attempts.map((attempt) => ({ attempt, intent: intents.find((i) => i.id === attempt.intentId)! }));
    });
  }

  private async expiredIntents(): Promise<string[]> {
    const rows = await onPrimary(this.dataSource, (m) =>
      m
        .createQueryBuilder(PaymentIntentEntity, 'i')
        .select('i.intent_no', 'intentNo')
        .where("i.status IN ('created', 'paying', 'failed') AND i.expires_at < :now", { now: this.clock.now() })
        .andWhere('NOT EXISTS (SELECT 1 FROM payment_attempts a WHERE a.intent_id = i.id AND a.paid_at IS NULL AND a.closed_at IS NULL)')
        .orderBy('i.id', 'ASC')
        .limit(BATCH)
        .getRawMany<{ intentNo: string }>(),
    );
    return rows.map((row) => row.intentNo);
  }
}
