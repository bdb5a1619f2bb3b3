/**
 * Provider notifications, trusted only after the provider's own checks (signature, time window, decryption:
 * WechatPayClient) and ours: our merchant and app, a known out_trade_no, the intent's amount. Each is applied
 * once however often it arrives; every refusal is logged with its reason.
 */
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, DomainError, ErrorCode, LOGGER, SERVICE_ENV, type Clock, type Logger } from '@fuel/shared';
import type { PaymentEnv } from '../../config/payment-env.js';
import { WechatPayClient } from '../../infra/adapters/wechatpay/wechat-pay.client.js';
import { PaymentEvents } from '../intents/payment-events.js';
import { PaymentIntentService } from '../intents/payment-intent.service.js';

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
    private readonly intents: PaymentIntentService,
    private readonly events: PaymentEvents,
    @Inject(SERVICE_ENV) private readonly env: PaymentEnv,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async wechatNotification(headers: Record<string, string>, body: string): Promise<{ accepted: true }> {
    const check = await this.wechat.verifyNotification(headers, body, this.clock.now());
    if (!check.ok) return this.refuse(check.reason, { serial: headers['wechatpay-serial'] });
    if (!check.eventType.startsWith('TRANSACTION.')) {
      this.logger.info({ eventType: check.eventType }, 'wechat pay notification not handled yet');
      return { accepted: true };
    }
    const resource = check.resource as WechatTransactionResource;
    const outTradeNo = resource.out_trade_no ?? '';
    if (resource.mchid !== this.env.WECHATPAY_MCH_ID || resource.appid !== this.env.WECHAT_APP_ID) return this.refuse('wrong-merchant', { outTradeNo, mchid: resource.mchid, appid: resource.appid });
    if (resource.trade_state !== 'SUCCESS') {
      this.logger.info({ outTradeNo, tradeState: resource.trade_state }, 'wechat pay notification: not paid');
      return { accepted: true };
    }
    const outcome = await this.intents.markPaid(outTradeNo, { providerTradeNo: resource.transaction_id, amountFen: resource.amount?.total ?? -1 });
    if (outcome === 'unknown' || outcome === 'amount-mismatch') return this.refuse(outcome, { outTradeNo, amountFen: resource.amount?.total });
    if (outcome === 'closed' || outcome === 'overpaid') this.logger.error({ outTradeNo, outcome }, 'payment recorded on its attempt but not taken by the intent: it must be refunded');
    // Not awaited: WeChat gets its answer now; the relay credits after commit (and retries on its own).
    if (outcome === 'applied') void this.events.deliver();
    this.logger.info({ outTradeNo, outcome }, 'wechat pay notification applied');
    return { accepted: true };
  }

  private refuse(reason: string, details: Record<string, unknown>): never {
    this.logger.warn({ reason, ...details }, 'wechat pay notification refused');
    throw new DomainError(ErrorCode.UNAUTHENTICATED, '通知校验失败', { reason });
  }
}
