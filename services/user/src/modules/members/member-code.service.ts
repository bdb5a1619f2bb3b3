/** 会员码 (member-code.ts) for the member's card, and what the counter learns from one. */
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, DomainError, ErrorCode, FieldCipher, type Clock, type MemberAtCounter, type MemberCode } from '@fuel/shared';
import { FIELD_CIPHER } from '../../config/user-env.js';
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
    @Inject(FIELD_CIPHER) cipher: FieldCipher,
  ) {
    // The current field key id's MAC key: a secret this service already keeps, the same in every instance.
    this.codes = new MemberCodes(cipher.currentMacKeyHex);
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
    const [profile, pack] = await Promise.all([this.members.profile(memberId), this.coupons.cardPack(memberId, now)]).catch((error: unknown) => {
      // A genuine code for a member who is gone reads like a lapsed one; any other failure is not a wrong code.
      throw error instanceof DomainError && error.code === ErrorCode.NOT_FOUND ? new DomainError(ErrorCode.NOT_FOUND, '会员码无效或已过期，请会员刷新后重新出示') : error;
    });
    return { memberId, nickname: profile.nickname, phoneMasked: profile.phoneMasked, tier: profile.tier, tierExpiresAt: profile.tierExpiresAt, mallPerMille: MALL_PER_MILLE[profile.tier], points: profile.points, coupons: [...pack.mall.available, ...pack.any.available] };
  }
}
