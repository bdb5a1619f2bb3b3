/** 会员码 (member-code.ts) for the member's card, and what the counter learns from one. */
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, DomainError, ErrorCode, SERVICE_ENV, type Clock, type MemberAtCounter, type MemberCode } from '@fuel/shared';
import type { UserEnv } from '../../config/user-env.js';
import { CouponService } from '../coupons/coupon.service.js';
import { MemberCodes } from './member-code.js';
import { MALL_PER_MILLE } from './member-tier-rules.js';
import { MemberService } from './member.service.js';

@Injectable()
export class MemberCodeService {
  private readonly codes: MemberCodes;

  constructor(
    private readonly members: MemberService,
    private readonly coupons: CouponService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_ENV) env: UserEnv,
  ) {
    // The MAC key of the current field key id (the first of FIELD_ENCRYPTION_KEYS, as the field cipher takes it): a
    // secret this service already keeps, the same in every instance whatever order the MAC list is written in.
    const currentKid = env.FIELD_ENCRYPTION_KEYS.split(',')[0].split(':')[0];
    const macKey = env.FIELD_MAC_KEYS.split(',').map((entry) => entry.split(':')).find(([kid]) => kid === currentKid);
    if (!macKey) throw new Error(`FIELD_MAC_KEYS: no MAC key for key id ${currentKid}`);
    this.codes = new MemberCodes(macKey[1]);
  }

  issue(memberId: number): MemberCode {
    const { code, expiresAt } = this.codes.issue(memberId, this.clock.now());
    return { code, expiresAt: expiresAt.toISOString() };
  }

  /** NOT_FOUND for a code that is not genuine or has lapsed (the counter counts those as misses). */
  async identify(code: string): Promise<MemberAtCounter> {
    const now = this.clock.now();
    const memberId = this.codes.verify(code.trim().toUpperCase(), now);
    if (memberId === null) throw new DomainError(ErrorCode.NOT_FOUND, '会员码无效或已过期，请会员刷新后重新出示');
    const [profile, pack] = await Promise.all([this.members.profile(memberId).catch(() => null), this.coupons.cardPack(memberId, now)]);
    if (!profile) throw new DomainError(ErrorCode.NOT_FOUND, '会员码无效或已过期，请会员刷新后重新出示');
    return { memberId, nickname: profile.nickname, phoneMasked: profile.phoneMasked, tier: profile.tier, tierExpiresAt: profile.tierExpiresAt, mallPerMille: MALL_PER_MILLE[profile.tier], points: profile.points, coupons: [...pack.mall.available, ...pack.any.available] };
  }
}
