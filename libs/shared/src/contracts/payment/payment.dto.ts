import { z } from 'zod';

/** What can be paid: a wallet recharge (owned by the payment service), a mall order or a fuel order (order service). */
export const PAYABLE_KINDS = ['recharge', 'mall_order', 'fuel_order'] as const;
export type PayableKind = (typeof PAYABLE_KINDS)[number];
export const PAYMENT_METHODS = ['wallet', 'wechat', 'alipay'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const PAYMENT_STATUSES = ['created', 'paying', 'succeeded', 'failed', 'closed', 'partially_refunded', 'refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Recharge amounts a member may choose (fen): each preset shows the tier it reaches. */
export const RECHARGE_PRESETS_FEN = [10_000, 50_000, 100_000, 300_000, 500_000] as const;
export const RECHARGE_MIN_FEN = 1_000;
export const RECHARGE_MAX_FEN = 1_000_000;

export interface PaymentAttemptView {
  outTradeNo: string;
  method: PaymentMethod;
  createdAt: string;
}

/** What `wx.requestPayment` / `Taro.requestPayment` takes for a WeChat Pay attempt. */
export interface WechatRequestPayment {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

/** A started attempt, with what the app needs to pay it at the provider. */
export interface PaymentStart extends PaymentAttemptView {
  wechat?: WechatRequestPayment;
  /** What `my.tradePay` takes for an Alipay attempt. */
  alipay?: { tradeNo: string };
  /** A wallet attempt is paid (or refused) at once: the intent's state after it. */
  wallet?: { status: PaymentStatus; balanceAfterFen: number };
}

export interface RefundView {
  refundNo: string;
  amountFen: number;
  /** requested by the payable's owner; overpaid / closed: a payment the intent could not take, returned by itself. */
  reason: 'requested' | 'overpaid' | 'closed';
  status: 'pending' | 'succeeded';
  method: PaymentMethod;
  createdAt: string;
  succeededAt: string | null;
}

/** Announced (outbox) when a requested refund has reached the payer: the payable's owner releases coupons, reverses points. */
export const PAYMENT_REFUNDED = 'payment.refunded';
export interface PaymentRefunded {
  intentNo: string;
  payableKind: PayableKind;
  payableRef: string;
  memberId: number;
  refundNo: string;
  amountFen: number;
  method: PaymentMethod;
}

/**
 * Internal to the payment service: what a paid order changes for its member (its coupons used, points earned)
 * and what a refund takes back (points for the refunded yuan, the coupons once fully refunded), through the
 * members RPCs, in order per intent.
 */
export const PAYMENT_BENEFITS_EARN = 'payment.benefits.earn';
export const PAYMENT_BENEFITS_REVERSE = 'payment.benefits.reverse';
export interface BenefitsEarned {
  intentNo: string;
  memberId: number;
  payableRef: string;
  amountFen: number;
  couponIds: number[];
}
export interface BenefitsReversed {
  intentNo: string;
  memberId: number;
  payableRef: string;
  refundNo: string;
  /** The whole yuan whose points go back, in fen: exact however a payment is split into refunds. */
  pointsBaseFen: number;
  /** The coupons to return: those of the intent once the last refund leaves nothing paid; else none. */
  releaseCouponIds: number[];
}

/** Internal to the payment service: a refund to carry out at its provider (or the wallet), retried until done. */
export const PAYMENT_REFUND_REQUESTED = 'payment.refund.requested';

/** Announced (outbox) when an intent is paid: the payable's owner advances it (a recharge credits the wallet). */
export const PAYMENT_SUCCEEDED = 'payment.succeeded';
export interface PaymentSucceeded {
  intentNo: string;
  payableKind: PayableKind;
  payableRef: string;
  memberId: number;
  amountFen: number;
  method: PaymentMethod;
  outTradeNo: string;
}

export interface PaymentIntent {
  intentNo: string;
  payableKind: PayableKind;
  payableRef: string;
  memberId: number;
  amountFen: number;
  refundedFen: number;
  status: PaymentStatus;
  description: string;
  expiresAt: string;
  createdAt: string;
  attempts: PaymentAttemptView[];
  refunds: RefundView[];
}

const intentNo = z.string().regex(/^P[0-9A-Z]{10,30}$/, '支付单号格式有误');

export const rechargeIntentBody = z
  .object({ amountFen: z.number().int().min(RECHARGE_MIN_FEN, '充值金额至少 10 元').max(RECHARGE_MAX_FEN, '单次充值不能超过 10000 元') })
  .strict();

/** For the service that owns a payable: it states the amount; a client never does. */
export const payableIntentRequest = z
  .object({
    payableKind: z.enum(['mall_order', 'fuel_order']),
    payableRef: z.string().regex(/^[A-Za-z0-9:_-]{4,64}$/),
    memberId: z.number().int().positive(),
    amountFen: z.number().int().positive().max(100_000_000),
    description: z.string().min(1).max(127),
    expiresInSeconds: z.number().int().min(60).max(86_400).default(900),
    /** The coupons the owner locked for this payable (user.coupons.lock): used when paid, returned when fully refunded. */
    couponIds: z.array(z.number().int().positive()).max(5).default([]),
  })
  .strict();

export const intentRef = z.object({ intentNo }).strict();

/** The payable's owner asks for (part of) its payment back; the refund number makes a retry the same refund. */
export const refundRequest = z
  .object({
    intentNo,
    refundNo: z.string().regex(/^[A-Za-z0-9_-]{6,32}$/, '退款单号为 6–32 位字母、数字或 _-'),
    amountFen: z.number().int().positive().max(100_000_000),
  })
  .strict();
export const startAttemptRequest = z.object({ intentNo, method: z.enum(PAYMENT_METHODS) }).strict();

/** A provider's notification as the gateway received it: the signature headers and the raw body, untouched. */
export const providerNotification = z
  .object({
    headers: z.record(z.string().max(64), z.string().max(1024)),
    body: z.string().max(64 * 1024),
  })
  .strict();
