/**
 * Paying an intent: a new attempt (its own out_trade_no), then the provider's order for it — outside the
 * database transaction, so no transaction waits on a provider. A failed provider call leaves the attempt unused:
 * the next try is a new attempt.
 */
import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, memberContracts, ServiceClient, type PaymentIntent, type PaymentMethod, type PaymentStart } from '@fuel/shared';
import { AlipayPayClient } from '../../infra/adapters/alipay/alipay-pay.client.js';
import { WechatPayClient } from '../../infra/adapters/wechatpay/wechat-pay.client.js';
import { PaymentIntentService } from './payment-intent.service.js';

@Injectable()
export class CheckoutService {
  constructor(
    private readonly intents: PaymentIntentService,
    private readonly wechat: WechatPayClient,
    private readonly alipay: AlipayPayClient,
    private readonly services: ServiceClient,
  ) {}

  async start(intentNo: string, method: PaymentMethod): Promise<PaymentStart> {
    const intent = await this.intents.get(intentNo);
    if (method === 'wallet') throw new DomainError(ErrorCode.UNPROCESSABLE, '暂不支持该支付方式');
    if (method === 'wechat') return this.startWechat(intent);
    return this.startAlipay(intent);
  }

  private async startWechat(intent: PaymentIntent): Promise<PaymentStart> {
    const payer = await this.services.callAsSystem(memberContracts.payer, { memberId: intent.memberId });
    if (!payer.wechatOpenId) throw new DomainError(ErrorCode.UNPROCESSABLE, '请在微信小程序中使用微信支付');
    const attempt = await this.intents.startAttempt(intent.intentNo, 'wechat');
    const wechat = await this.wechat.prepay({ outTradeNo: attempt.outTradeNo, description: intent.description, amountFen: intent.amountFen, openid: payer.wechatOpenId, expiresAt: new Date(intent.expiresAt) });
    return { ...attempt, wechat };
  }

  private async startAlipay(intent: PaymentIntent): Promise<PaymentStart> {
    const payer = await this.services.callAsSystem(memberContracts.payer, { memberId: intent.memberId });
    if (!payer.alipayUserId) throw new DomainError(ErrorCode.UNPROCESSABLE, '请在支付宝小程序中使用支付宝支付');
    const attempt = await this.intents.startAttempt(intent.intentNo, 'alipay');
    const tradeNo = await this.alipay.create({ outTradeNo: attempt.outTradeNo, subject: intent.description, amountFen: intent.amountFen, buyerId: payer.alipayUserId, expiresAt: new Date(intent.expiresAt) });
    return { ...attempt, alipay: { tradeNo } };
  }
}
