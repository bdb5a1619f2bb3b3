import { rpcContract } from '../../rpc/contract.js';
import { intentRef, payableIntentRequest, providerNotification, rechargeIntentBody, refundRequest, startAttemptRequest, type PaymentIntent, type PaymentStart, type RefundView } from './payment.dto.js';

export const paymentContracts = {
  /** A member starts a wallet recharge (the payment service owns recharges). */
  createRecharge: rpcContract<PaymentIntent>()('payment.intents.create-recharge', rechargeIntentBody),
  /** The order service asks for an intent for its order, with the amount it computed (system actor). */
  createForPayable: rpcContract<PaymentIntent>()('payment.intents.create-for-payable', payableIntentRequest),
  /** The payable's owner closes an intent it no longer wants paid (the order was cancelled or expired). */
  close: rpcContract<PaymentIntent>()('payment.intents.close', intentRef),
  /** The member who owns it, or another service. */
  get: rpcContract<PaymentIntent>()('payment.intents.get', intentRef),
  /** A new attempt with its own out_trade_no (never reused): the intent moves to paying; WeChat Pay is prepaid. */
  startAttempt: rpcContract<PaymentStart>()('payment.intents.start-attempt', startAttemptRequest),
  /** The payable's owner refunds (part of) a paid intent to the original method; idempotent by refund number. */
  refund: rpcContract<RefundView>()('payment.refunds.create', refundRequest),
  /** A WeChat Pay notification, forwarded by the gateway's public route: verified here, applied once. */
  wechatNotification: rpcContract<{ accepted: true }>()('payment.notifications.wechat', providerNotification),
  /** An Alipay notification (the form body as received), forwarded the same way. */
  alipayNotification: rpcContract<{ accepted: true }>()('payment.notifications.alipay', providerNotification),
};
