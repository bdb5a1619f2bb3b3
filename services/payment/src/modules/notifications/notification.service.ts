/**
 * Provider notifications, trusted only after the provider's own checks (WeChat: signature, time window,
 * decryption; Alipay: the RSA2 signature over the sorted parameters) and ours: our merchant and app, a known
 * out_trade_no, the intent's amount. Each is applied once however often it arrives; every refusal is logged with
 * its reason.
 */
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, DomainError, ErrorCode, LOGGER, paymentNotifications, SERVICE_ENV, type Clock, type Logger } from '@fuel/shared';
import type { PaymentEnv } from '../../config/payment-env.js';
import { alipayFen, AlipayPayClient } from '../../infra/adapters/alipay/alipay-pay.client.js';
import { WechatPayClient } from '../../infra/adapters/wechatpay/wechat-pay.client.js';
import { PaymentEvents } from '../intents/payment-events.js';
import { PaymentIntentService } from '../intents/payment-intent.service.js';
import { RefundService } from '../refunds/refund.service.js';

interface WechatRefundResource {
  mchid?: string;
  out_refund_no?: string;
  refund_id?: string;
  refund_status?: string;
}

interface WechatTransactionResource {
  mchid?: string;
  appid?: string;
  out_trade_no?: string;
  transaction_id?: string;
  trade_state?: string;
  amount?: { total?: number };
}

@Injectable()
export class NotificationService {
  constructor(
    private readonly wechat: WechatPayClient,
    private readonly alipay: AlipayPayClient,
    private readonly intents: PaymentIntentService,
    private readonly events: PaymentEvents,
    private readonly refunds: RefundService,
    @Inject(SERVICE_ENV) private readonly env: PaymentEnv,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async wechatNotification(headers: Record<string, string>, body: string): Promise<{ accepted: true }> {
    const check = await this.wechat.verifyNotification(headers, body);
    if (!check.ok) return this.refuse('wechat', check.reason, { serial: headers['wechatpay-serial'] });
    if (check.eventType.startsWith('REFUND.')) return this.wechatRefund(check.eventType, check.resource as WechatRefundResource);
    const resource = check.resource as WechatTransactionResource;
    const outTradeNo = resource.out_trade_no ?? '';
    if (resource.mchid !== this.env.WECHATPAY_MCH_ID || resource.appid !== this.env.WECHAT_APP_ID) return this.refuse('wechat', 'wrong-merchant', { outTradeNo, mchid: resource.mchid, appid: resource.appid });
    if (resource.trade_state !== 'SUCCESS') {
      this.logger.info({ outTradeNo, tradeState: resource.trade_state }, 'wechat pay notification: not paid');
      return { accepted: true };
    }
    return this.paid('wechat', outTradeNo, resource.transaction_id, resource.amount?.total ?? -1);
  }

  /** REFUND.SUCCESS: the refund done (once); REFUND.ABNORMAL / CLOSED: logged for an operator, the refund stays pending. */
  private async wechatRefund(eventType: string, resource: WechatRefundResource): Promise<{ accepted: true }> {
    const refundNo = resource.out_refund_no ?? '';
    if (resource.mchid !== this.env.WECHATPAY_MCH_ID) return this.refuse('wechat', 'wrong-merchant', { refundNo, mchid: resource.mchid });
    if (eventType !== 'REFUND.SUCCESS' || resource.refund_status !== 'SUCCESS') {
      this.logger.error({ refundNo, eventType, refundStatus: resource.refund_status }, 'wechat pay refund did not succeed: it needs an operator');
      return { accepted: true };
    }
    const outcome = await this.refunds.wechatRefundDone(refundNo, resource.refund_id ?? null);
    if (outcome === 'unknown') return this.refuse('wechat', 'unknown', { refundNo });
    if (outcome === 'applied') void this.events.deliver();
    this.logger.info({ refundNo, outcome }, 'wechat pay refund notification applied');
    return { accepted: true };
  }

  async alipayNotification(body: string): Promise<{ accepted: true }> {
    const check = this.alipay.verifyNotification(body);
    if (!check.ok) return this.refuse('alipay', check.reason, {});
    const { app_id: appId, seller_id: sellerId, out_trade_no: outTradeNo = '', trade_status: tradeStatus, trade_no: tradeNo, total_amount: totalAmount } = check.params;
    if (appId !== this.env.ALIPAY_APP_ID || sellerId !== this.env.ALIPAY_SELLER_ID) return this.refuse('alipay', 'wrong-merchant', { outTradeNo, appId, sellerId });
    // After a refund Alipay notifies the trade again (with refund_fee); our refunds are settled by its answer.
    if (check.params.refund_fee !== undefined || (tradeStatus !== 'TRADE_SUCCESS' && tradeStatus !== 'TRADE_FINISHED')) {
      this.logger.info({ outTradeNo, tradeStatus, refundFee: check.params.refund_fee }, 'alipay notification: nothing to apply');
      return { accepted: true };
    }
    return this.paid('alipay', outTradeNo, tradeNo, alipayFen(totalAmount));
  }

  /** A verified "paid" from a provider: the intent moves once; money it cannot take is kept for its refund. */
  private async paid(provider: string, outTradeNo: string, providerTradeNo: string | undefined, amountFen: number): Promise<{ accepted: true }> {
    const outcome = await this.intents.markPaid(outTradeNo, { providerTradeNo, amountFen });
    if (outcome === 'unknown' || outcome === 'amount-mismatch') return this.refuse(provider, outcome, { outTradeNo, amountFen });
    if (outcome === 'closed' || outcome === 'overpaid') this.logger.warn({ provider, outTradeNo, outcome }, 'payment not taken by the intent: refunded automatically');
    // Not awaited: the provider gets its answer now; the relay delivers after commit (and retries on its own).
    if (outcome !== 'duplicate') void this.events.deliver();
    this.logger.info({ provider, outTradeNo, outcome }, 'payment notification applied');
    paymentNotifications.inc({ provider, outcome: 'accepted' });
    return { accepted: true };
  }

  private refuse(provider: string, reason: string, details: Record<string, unknown>): never {
    this.logger.warn({ provider, reason, ...details }, 'payment notification refused');
    paymentNotifications.inc({ provider, outcome: `refused:${reason}` });
    throw new DomainError(ErrorCode.UNAUTHENTICATED, '通知校验失败', { reason });
  }
}
