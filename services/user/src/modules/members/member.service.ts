/**
 * Member sign-in and profile. A WeChat code becomes a member (created with an empty wallet on first sign-in),
 * a short-lived access token and a refresh token. Refresh tokens are stored hashed and rotate: each works
 * once; presenting a used one revokes every refresh token of that member (it was stolen or replayed).
 */
import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import {
  CLOCK,
  DomainError,
  ErrorCode,
  fen,
  isUniqueViolation,
  KeptReplies,
  SERVICE_ENV,
  signAccessToken,
  type Clock,
  type FieldCipher,
  type KeptKey,
  type MemberPricing,
  type PayerIdentity,
  type RechargePreview,
  type MemberProfile,
  type MemberSession,
  onPrimary,
  updateSealed,
} from '@fuel/shared';
import type { UserEnv } from '../../config/user-env.js';
import { maskedPhoneOf } from './member-contact.js';
import { AlipayAuth } from '../../infra/adapters/alipay/alipay-auth.js';
import { PhoneNumberSource } from '../../infra/adapters/wechat/phone-number.js';
import { WechatAuth } from '../../infra/adapters/wechat/wechat-auth.js';
import { FIELD_CIPHER } from '../../config/user-env.js';
import { CouponService } from '../coupons/coupon.service.js';
import { memberDayKey } from '../coupons/coupon-rules.js';
import { WalletService } from '../wallet/wallet.service.js';
import { afterRecharge, effectiveTier, MALL_PER_MILLE, progress, reminderDue, tierState, type TierState } from './member-tier-rules.js';
import { MemberEntity, RefreshTokenEntity, WalletEntity } from './member.entity.js';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Money and coupons are moved only by other services (payment, order), which call as a system actor. */
@Injectable()
export class MemberService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly wechat: WechatAuth,
    private readonly alipay: AlipayAuth,
    private readonly wallet: WalletService,
    private readonly coupons: CouponService,
    private readonly phones: PhoneNumberSource,
    @Inject(FIELD_CIPHER) private readonly cipher: FieldCipher,
    @Inject(SERVICE_ENV) private readonly env: UserEnv,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly kept: KeptReplies,
  ) {}

  async wechatLogin(code: string): Promise<MemberSession> {
    const session = await this.wechat.code2session(code);
    const member = await this.findOrRegister({ wechatOpenId: session.openId }, { wechatUnionId: session.unionId });
    await updateSealed(this.dataSource.manager, MemberEntity, member.id, { sessionKey: session.sessionKey });
    return this.issue(member.id);
  }

  async alipayLogin(code: string): Promise<MemberSession> {
    const userId = await this.alipay.userIdFor(code);
    return this.issue((await this.findOrRegister({ alipayUserId: userId })).id);
  }

  async refresh(refreshToken: string): Promise<MemberSession> {
    const now = this.clock.now();
    const row = await onPrimary(this.dataSource, (m) => m.findOneBy(RefreshTokenEntity, { tokenHash: hashToken(refreshToken) }));
    if (!row || row.expiresAt <= now) throw new DomainError(ErrorCode.UNAUTHENTICATED, '登录已过期，请重新登录');
    // Mark used only if still unused: of two concurrent refreshes with one token, one wins.
    const claimed = await this.dataSource.getRepository(RefreshTokenEntity).update({ id: row.id, usedAt: IsNull() }, { usedAt: now });
    if (claimed.affected !== 1) {
      await this.dataSource.getRepository(RefreshTokenEntity).update({ memberId: row.memberId, usedAt: IsNull() }, { usedAt: now });
      throw new DomainError(ErrorCode.UNAUTHENTICATED, '登录凭证已失效，请重新登录');
    }
    return this.issue(row.memberId);
  }

  /** The member, their tier state and what they recharged in the last 12 months, read together (one transaction). */
  private withTierState<T>(memberId: number, now: Date, use: (member: MemberEntity, state: TierState, windowFen: number) => T): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const member = await manager.findOneBy(MemberEntity, { id: memberId });
      if (!member) throw DomainError.notFound('会员');
      return use(member, tierState(member), await this.wallet.rechargedInWindow(manager, memberId, now));
    });
  }

  async profile(memberId: number): Promise<MemberProfile> {
    const now = this.clock.now();
    return this.withTierState(memberId, now, (member, state, windowFen) => {
      const tier = effectiveTier(state, now);
      return {
        id: member.id,
        nickname: member.nickname,
        birthday: member.birthday,
        phoneMasked: maskedPhoneOf(member),
        tier,
        tierExpiresAt: tier === 'normal' ? null : member.tierExpiresAt!.toISOString(),
        points: member.points,
        progress: progress(state, windowFen, now),
        renewalDue: reminderDue(state, now),
        memberDay: { dayOfMonth: this.env.MEMBER_DAY_OF_MONTH, isToday: memberDayKey(now, this.env.MEMBER_DAY_OF_MONTH) !== null },
      };
    });
  }

  async rechargePreview(memberId: number, amounts: number[]): Promise<RechargePreview> {
    const now = this.clock.now();
    return this.withTierState(memberId, now, (_member, state, windowFen) => {
      // The same rule a real recharge applies (wallet.service moveTier), with the amount counted in the window.
      const options = amounts.map((amountFen) => ({ amountFen, tierAfter: effectiveTier(afterRecharge(state, amountFen, windowFen + amountFen, now), now) }));
      return { tier: effectiveTier(state, now), options };
    });
  }

  async payer(memberId: number): Promise<PayerIdentity> {
    const member = await onPrimary(this.dataSource, (m) => m.findOneBy(MemberEntity, { id: memberId }));
    if (!member) throw DomainError.notFound('会员');
    return { memberId, wechatOpenId: member.wechatOpenId, alipayUserId: member.alipayUserId };
  }

  async contact(memberId: number): Promise<{ memberId: number; phoneMasked: string | null }> {
    const member = await this.dataSource.getRepository(MemberEntity).findOneBy({ id: memberId });
    if (!member) throw DomainError.notFound('会员');
    return { memberId, phoneMasked: maskedPhoneOf(member) };
  }

  /** On every quote and order: the tier columns only (the sealed phone and session key are not opened for it). */
  async pricing(memberId: number): Promise<MemberPricing> {
    const member = await onPrimary(this.dataSource, (m) => m.findOne(MemberEntity, { where: { id: memberId }, select: { id: true, tier: true, tierExpiresAt: true, tierRenewalFen: true } }));
    if (!member) throw DomainError.notFound('会员');
    const tier = effectiveTier(tierState(member), this.clock.now());
    return { memberId, tier, mallPerMille: MALL_PER_MILLE[tier], fuelPrice: tier === 'normal' ? 'regular' : tier };
  }

  /** Binds the phone WeChat vouches for (SM4 at rest, found again by its blind index); one member per phone. */
  /** The same request again (its Idempotency-Key) answers the profile as it is now; a WeChat code works once. */
  async bindPhone(memberId: number, code: string, key?: KeptKey): Promise<MemberProfile> {
    return this.kept.once<MemberProfile, null>(
      key,
      async (keep) => {
        const phone = await this.phones.phoneFor(code);
        const index = this.cipher.blindIndex(phone);
        const taken = () => new DomainError(ErrorCode.CONFLICT, '该手机号已绑定其他账号');
        try {
          await this.dataSource.transaction(async (manager) => {
            // Under any listed index key: a member not yet moved to the current one by `rekey` still holds the number.
            const holder = await manager.findOneBy(MemberEntity, { phoneIndex: In(this.cipher.blindIndexCandidates(phone)) });
            if (holder && holder.id !== memberId) throw taken();
            await updateSealed(manager, MemberEntity, memberId, { phone, phoneIndex: index });
            await keep(manager, null);
          });
        } catch (error) {
          // Two members binding one number at once: the unique index on the phone lets one through.
          if (isUniqueViolation(error)) throw taken();
          throw error;
        }
        return this.profile(memberId);
      },
      () => this.profile(memberId),
    );
  }

  /** The birthday is set once; the same request again (its Idempotency-Key) answers the profile as it is now. */
  async updateProfile(memberId: number, changes: { nickname?: string; birthday?: string }, key?: KeptKey): Promise<MemberProfile> {
    return this.kept.once<MemberProfile, null>(
      key,
      async (keep) => {
        await this.dataSource.transaction(async (manager) => {
          if (changes.nickname !== undefined) await manager.update(MemberEntity, { id: memberId }, { nickname: changes.nickname });
          if (changes.birthday !== undefined) {
            const set = await manager.update(MemberEntity, { id: memberId, birthday: IsNull() }, { birthday: changes.birthday });
            if (set.affected !== 1) throw new DomainError(ErrorCode.CONFLICT, '生日设置后不能修改', { fields: [{ field: 'body.birthday', message: '已设置' }] });
          }
          await keep(manager, null);
        });
        return this.profile(memberId);
      },
      () => this.profile(memberId),
    );
  }

  /** Finds the member by their provider identity, or registers them (wallet and welcome coupons included). */
  private async findOrRegister(identity: { wechatOpenId: string } | { alipayUserId: string }, extra: Partial<MemberEntity> = {}): Promise<MemberEntity> {
    const found = await onPrimary(this.dataSource, (m) => m.findOneBy(MemberEntity, identity));
    if (found) return found;
    const now = this.clock.now();
    try {
      return await this.dataSource.transaction(async (manager) => {
        const member = await manager.save(MemberEntity, {
          wechatOpenId: null,
          wechatUnionId: null,
          alipayUserId: null,
          ...identity,
          ...extra,
          tier: 'normal' as const,
          tierExpiresAt: null,
          tierRenewalFen: fen(0),
          points: 0,
          sessionKey: null,
          phone: null,
          phoneIndex: null,
          nickname: null,
          birthday: null,
          createdAt: now,
        });
        await manager.insert(WalletEntity, { memberId: member.id, balanceFen: fen(0) });
        await this.coupons.issueRegistration(manager, member.id, now);
        return member;
      });
    } catch (error) {
      // The same member signing in twice at once: the other request registered them.
      if (isUniqueViolation(error)) return onPrimary(this.dataSource, (m) => m.findOneByOrFail(MemberEntity, identity));
      throw error;
    }
  }

  private async issue(memberId: number): Promise<MemberSession> {
    const now = this.clock.now();
    const refreshToken = randomBytes(32).toString('base64url');
    await this.dataSource.getRepository(RefreshTokenEntity).insert({
      memberId,
      tokenHash: hashToken(refreshToken),
      expiresAt: new Date(now.getTime() + this.env.MEMBER_REFRESH_TTL_DAYS * 86_400_000),
      usedAt: null,
      createdAt: now,
    });
    const accessToken = await signAccessToken({ kind: 'member', id: String(memberId) }, this.env.JWT_SECRET, this.env.MEMBER_TOKEN_TTL_SECONDS, now);
    return { accessToken, refreshToken, tokenType: 'Bearer', expiresInSeconds: this.env.MEMBER_TOKEN_TTL_SECONDS, user: await this.profile(memberId) };
  }
}
