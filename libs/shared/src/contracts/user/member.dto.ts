import { z } from 'zod';
import { STATS_PERIODS } from '../order/order-vocabulary.js';
import type { MemberStatsBucket } from '../order/staff.dto.js';
import { rpcContract } from '../../rpc/contract.js';
import { pageQuery, type Page } from '../map/station.dto.js';

import type { Coupon } from './coupon.dto.js';
import type { MemberTier } from './member-vocabulary.js';

export * from './member-vocabulary.js';

export interface MemberProfile {
  id: number;
  nickname: string | null;
  birthday: string | null;
  phoneMasked: string | null;
  tier: MemberTier;
  /** When the current tier lapses (null for normal members). */
  tierExpiresAt: string | null;
  points: number;
  /** What it takes to keep the tier and to reach the next one. */
  progress: {
    rechargedInWindowFen: number;
    nextTier: MemberTier | null;
    toNextTierFen: number | null;
    toRenewFen: number | null;
  };
  /** The renewal reminder window (15 days before expiry) is open: the member centre shows it. */
  renewalDue: boolean;
  /** The monthly member day (满300减30 to claim), and whether today is it (Asia/Shanghai). */
  memberDay: { dayOfMonth: number; isToday: boolean };
}

/** 会员码: shown as a QR code and in digits; renewed by the app when it expires (every minute). */
export interface MemberCode {
  code: string;
  expiresAt: string;
}

/** What the attendant sees after scanning a member code: who, at which tier, and what they can use in the shop. */
export interface MemberAtCounter {
  memberId: number;
  nickname: string | null;
  phoneMasked: string | null;
  tier: MemberTier;
  tierExpiresAt: string | null;
  /** The shop's price rate for the tier, per mille (950 = 95 折). */
  mallPerMille: number;
  points: number;
  /** Coupons usable at the counter now (shop and general coupons, available). */
  coupons: Coupon[];
}

export interface MemberSession {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresInSeconds: number;
  user: MemberProfile;
}

export const wechatLoginBody = z.object({ code: z.string().min(1).max(128) }).strict();
export const refreshBody = z.object({ refreshToken: z.string().min(20).max(200) }).strict();

/** Birthday can be set once (it earns a yearly coupon), the nickname any time. */
export const profileUpdateBody = z
  .object({
    nickname: z.string().trim().min(1).max(32).optional(),
    birthday: z.iso.date('生日格式为 YYYY-MM-DD').optional(),
  })
  .strict()
  .refine((b) => b.nickname !== undefined || b.birthday !== undefined, '至少修改一项');

/** Phone binding with the code from the mini-program's getPhoneNumber button. */
export const bindPhoneBody = z.object({ code: z.string().min(1).max(128) }).strict();

export const WALLET_ENTRY_KINDS = ['recharge', 'purchase', 'refund', 'adjustment'] as const;
export type WalletEntryKind = (typeof WALLET_ENTRY_KINDS)[number];

export interface WalletEntry {
  id: number;
  kind: WalletEntryKind;
  /** Signed: credits positive, debits negative. */
  amountFen: number;
  balanceAfterFen: number;
  reference: string | null;
  /** What the money was for, in the driver's words: the station and pump, the shop's products, or how it was paid in. */
  memo: string | null;
  createdAt: string;
}

export interface Wallet {
  balanceFen: number;
  totalRechargedFen: number;
  totalSpentFen: number;
}

export const walletRecordsQuery = z
  .object({ kind: z.enum(['recharge', 'spending', 'all']).default('all'), ...pageQuery })
  .strict();

const idempotencyKey = z.string().regex(/^[A-Za-z0-9:_-]{8,80}$/, '幂等键为 8–80 位字母、数字或 :_-');
const amountFen = z.number().int().positive().max(10_000_000_00);

/** A ledger row's memo (the payable's description): longer ones are cut, not refused. */
export const WALLET_MEMO_MAX = 128;
const walletMemo = z.string().transform((memo) => memo.slice(0, WALLET_MEMO_MAX)).optional();

/** Called by the payment service (never routed from the gateway). */
export const walletCredit = z
  .object({ memberId: z.number().int().positive(), amountFen, kind: z.enum(['recharge', 'refund', 'adjustment']), idempotencyKey, reference: z.string().max(64).optional(), memo: walletMemo })
  .strict();
export const walletDebit = z
  .object({ memberId: z.number().int().positive(), amountFen, idempotencyKey, reference: z.string().max(64).optional(), memo: walletMemo })
  .strict();

/** What other services need to price for a member. */
export interface MemberPricing {
  memberId: number;
  tier: MemberTier;
  /** Mall price rate in per mille: diamond 880, gold 920, silver 950, normal 1000. */
  mallPerMille: number;
  /** Which fuel price column applies (the station's member price of the tier, or the regular price). */
  fuelPrice: 'regular' | 'silver' | 'gold' | 'diamond';
}

/** What recharging each amount would make of the member now: the tier it reaches (shown on the recharge screen). */
export interface RechargePreview {
  tier: MemberTier;
  options: Array<{ amountFen: number; tierAfter: MemberTier }>;
}

/** Who pays, for the payment service: the member's account at each provider (null when never signed in there). */
export interface PayerIdentity {
  memberId: number;
  wechatOpenId: string | null;
  alipayUserId: string | null;
}

export interface PointsEntry {
  points: number;
  balanceAfter: number;
}

export const pointsChange = z
  .object({ memberId: z.number().int().positive(), kind: z.enum(['earn', 'reverse']), amountFen, idempotencyKey, reference: z.string().max(64).optional() })
  .strict();

export const memberContracts = {
  wechatLogin: rpcContract<MemberSession>()('user.members.wechat-login', wechatLoginBody),
  alipayLogin: rpcContract<MemberSession>()('user.members.alipay-login', wechatLoginBody),
  refresh: rpcContract<MemberSession>()('user.members.refresh', refreshBody),
  me: rpcContract<MemberProfile>()('user.members.me', z.object({}).strict()),
  updateProfile: rpcContract<MemberProfile>()('user.members.update-profile', profileUpdateBody),
  bindPhone: rpcContract<MemberProfile>()('user.members.bind-phone', bindPhoneBody),
  wallet: rpcContract<Wallet>()('user.wallet.get', z.object({}).strict()),
  walletRecords: rpcContract<Page<WalletEntry>>()('user.wallet.records', walletRecordsQuery),
  credit: rpcContract<WalletEntry>()('user.wallet.credit', walletCredit),
  debit: rpcContract<WalletEntry>()('user.wallet.debit', walletDebit),
  /** For the payment service's reconciliation (system actor): the ledger row written under a key, if any. */
  entryByKey: rpcContract<{ entry: WalletEntry | null }>()('user.wallet.entry-by-key', z.object({ memberId: z.number().int().positive(), idempotencyKey }).strict()),
  /** For the order and payment services (system actor) and the gateway (a member's own pricing). */
  pricing: rpcContract<MemberPricing>()('user.members.pricing', z.object({ memberId: z.number().int().positive() }).strict(), { readOnly: true }),
  points: rpcContract<PointsEntry>()('user.points.apply', pointsChange),
  /** The signed-in member's 会员码 for this minute. */
  memberCode: rpcContract<MemberCode>()('user.members.member-code', z.object({}).strict(), { readOnly: true }),
  /** For the order service's counter (system actor, after its staff checks): the member a 会员码 names. */
  identifyByCode: rpcContract<MemberAtCounter>()('user.members.identify-by-code', z.object({ code: z.string().min(1).max(24) }).strict(), { readOnly: true }),
  /** The signed-in member: the tier each recharge amount would reach. */
  rechargePreview: rpcContract<RechargePreview>()('user.members.recharge-preview', z.object({ amounts: z.array(amountFen).min(1).max(10) }).strict()),
  /** For the payment service (system actor): the payer's provider accounts. */
  payer: rpcContract<PayerIdentity>()('user.members.payer', z.object({ memberId: z.number().int().positive() }).strict()),
  /** For the order service (the regional dashboard): new members and coupons issued per bucket, platform-wide. */
  memberStats: rpcContract<MemberStatsBucket[]>()('user.stats.members', z.object({ period: z.enum(STATS_PERIODS) }).strict()),
  /** For the order service (staff redemption preview): the member's phone, masked, never in full. */
  contact: rpcContract<{ memberId: number; phoneMasked: string | null }>()('user.members.contact', z.object({ memberId: z.number().int().positive() }).strict()),
};
