/**
 * Paying an intent: a new attempt (its own out_trade_no), then the provider's prepay for it — outside the
 * database transaction, so no transaction waits on a provider. A failed prepay leaves the attempt unused: the next
 * try is a new attempt.
 */
import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, memberContracts, ServiceClient, type PaymentMethod, type PaymentStart } from '@fuel/shared';
import { WechatPayClient } from '../../infra/adapters/wechatpay/wechat-pay.client.js';
import { PaymentIntentService } from './payment-intent.service.js';

@Injectable()
export class CheckoutService {
  constructor(
    private readonly intents: PaymentIntentService,
    private readonly wechat: WechatPayClient,
    private readonly services: ServiceClient,
  ) {}

  async start(intentNo: string, method: PaymentMethod): Promise<PaymentStart> {
    // Alipay and wallet payments arrive with the rest of issue 9; refuse them before an attempt is recorded.
    if (method !== 'wechat') throw new DomainError(ErrorCode.UNPROCESSABLE, '暂不支持该支付方式，请使用微信支付');
    const intent = await this.intents.get(intentNo);
    const payer = await this.services.callAsSystem(memberContracts.payer, { memberId: intent.memberId });
    if (!payer.wechatOpenId) throw new DomainError(ErrorCode.UNPROCESSABLE, '请在微信小程序中使用微信支付');
    const attempt = await this.intents.startAttempt(intentNo, method);
    const wechat = await this.wechat.prepay({ outTradeNo: attempt.outTradeNo, description: intent.description, amountFen: intent.amountFen, openid: payer.wechatOpenId, expiresAt: new Date(intent.expiresAt) });
    return { ...attempt, wechat };
  }
}
