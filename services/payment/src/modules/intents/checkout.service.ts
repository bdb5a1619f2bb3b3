/**
 * Paying an intent: a new attempt (its own out_trade_no), then the provider's order for it — outside the
 * database transaction, so no transaction waits on a provider. A failed provider call leaves the attempt unused:
 * the next try is a new attempt.
 *
 * The wallet pays at once: the conditional debit in the user service (keyed by the attempt, so a retry debits
 * once), then the intent marked paid. The two cannot be one transaction (two services, two databases); if this
 * process dies between them, reconciliation finds the debit by its key and completes the payment — or, when the
 * intent was closed meanwhile, the payment's refund credits the wallet back.
 */
import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, failpoint, memberContracts, ServiceClient, type PaymentMethod, type PaymentStart, type WalletEntry } from '@fuel/shared';
import { AlipayPayClient } from '../../infra/adapters/alipay/alipay-pay.client.js';
import { WechatPayClient } from '../../infra/adapters/wechatpay/wechat-pay.client.js';
import { PaymentIntentEntity } from './payment-intent.entity.js';
import { PaymentEvents } from './payment-events.js';
import { PaymentIntentService } from './payment-intent.service.js';

/** The wallet debit of an attempt: one key per out_trade_no, what reconciliation looks it up by. */
export const walletDebitKey = (outTradeNo: string) => `pay:${outTradeNo}`;

@Injectable()
export class CheckoutService {
  constructor(
    private readonly intents: PaymentIntentService,
    private readonly wechat: WechatPayClient,
    private readonly alipay: AlipayPayClient,
    private readonly services: ServiceClient,
    private readonly events: PaymentEvents,
  ) {}

  /**
   * With the request's Idempotency-Key, the same request again goes on with the attempt it started. `admit` is the
   * caller's access check on the intent, before anything changes.
   */
  async start(intentNo: string, method: PaymentMethod, requestKey: string | undefined, admit: (intent: PaymentIntentEntity) => void): Promise<PaymentStart> {
    if (method === 'wallet') return this.payFromWallet(intentNo, requestKey, admit);
    // A provider's payment needs the payer's account first (outside the attempt's transaction): read, then checked.
    const intent = await this.intents.find(intentNo);
    admit(intent);
    return method === 'wechat' ? this.startWechat(intent, requestKey) : this.startAlipay(intent, requestKey);
  }

  private async payFromWallet(intentNo: string, requestKey: string | undefined, admit: (intent: PaymentIntentEntity) => void): Promise<PaymentStart> {
    const { attempt, intent } = await this.intents.startAttempt(intentNo, 'wallet', requestKey, (locked) => {
      admit(locked);
      if (locked.payableKind === 'recharge') throw new DomainError(ErrorCode.UNPROCESSABLE, '充值不能使用钱包余额支付');
    });
    let entry: WalletEntry;
    try {
      entry = await this.services.callAsSystem(memberContracts.debit, { memberId: intent.memberId, amountFen: intent.amountFen, idempotencyKey: walletDebitKey(attempt.outTradeNo), reference: intent.intentNo, memo: intent.description });
    } catch (error) {
      // Refused: no money moved, the attempt is settled. Anything else (a timeout…): reconciliation will know.
      if (error instanceof DomainError && error.code === ErrorCode.INSUFFICIENT_BALANCE) await this.intents.settleWithoutMoney(attempt.outTradeNo, 'insufficient-balance');
      throw error;
    }
    failpoint('payment.after-wallet-debit');
    const outcome = await this.intents.markPaid(attempt.outTradeNo, { providerTradeNo: `wallet:${entry.id}`, amountFen: -entry.amountFen });
    if (outcome !== 'duplicate') void this.events.deliver();
    // Taken, or (closed or paid meanwhile) refunded by itself: the caller reads the intent for the details.
    const status = outcome === 'applied' ? 'succeeded' : (await this.intents.find(intent.intentNo)).status;
    return { ...attempt, wallet: { status, balanceAfterFen: entry.balanceAfterFen } };
  }

  private async startWechat(intent: PaymentIntentEntity, requestKey: string | undefined): Promise<PaymentStart> {
    const payer = await this.services.callAsSystem(memberContracts.payer, { memberId: intent.memberId });
    if (!payer.wechatOpenId) throw new DomainError(ErrorCode.UNPROCESSABLE, '请在微信小程序中使用微信支付');
    const { attempt } = await this.intents.startAttempt(intent.intentNo, 'wechat', requestKey);
    const wechat = await this.wechat.prepay({ outTradeNo: attempt.outTradeNo, description: intent.description, amountFen: intent.amountFen, openid: payer.wechatOpenId, expiresAt: intent.expiresAt });
    return { ...attempt, wechat };
  }

  private async startAlipay(intent: PaymentIntentEntity, requestKey: string | undefined): Promise<PaymentStart> {
    const payer = await this.services.callAsSystem(memberContracts.payer, { memberId: intent.memberId });
    if (!payer.alipayUserId) throw new DomainError(ErrorCode.UNPROCESSABLE, '请在支付宝小程序中使用支付宝支付');
    const { attempt } = await this.intents.startAttempt(intent.intentNo, 'alipay', requestKey);
    const tradeNo = await this.alipay.create({ outTradeNo: attempt.outTradeNo, subject: intent.description, amountFen: intent.amountFen, buyerId: payer.alipayUserId, expiresAt: intent.expiresAt });
    return { ...attempt, alipay: { tradeNo } };
  }
}
