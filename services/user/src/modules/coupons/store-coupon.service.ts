/**
 * Coupons used at a station's counter (员工核销): the member opens a mall or general coupon in the card pack and shows
 * a one-time code (C + 8 random digits, 5 minutes, in the hot store); the attendant scans it, sees the coupon and the
 * member's masked phone, enters what the counter purchase comes to, and confirms: the coupon's rules are checked
 * against that amount (as goods the coupon covers) and it becomes used by a conditional update, once. Fuel coupons
 * are for 一键加油 in the app, recharge coupons for recharges: neither is offered at the counter.
 */
import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOCK, DomainError, ErrorCode, HOT_STORE, KeptReplies, type Clock, type HotStore, type KeptKey, type StoreCouponCode, type StoreCouponPreview, type StoreCouponRedemption, withDeadlockRetry } from '@fuel/shared';
import { maskedPhoneOf } from '../members/member-contact.js';
import { MemberEntity } from '../members/member.entity.js';
import { refusal, REFUSAL_MESSAGES, discountOf, type Basket, type CouponView } from './coupon-rules.js';
import { CouponEntity } from './coupon.entity.js';
import { CouponService } from './coupon.service.js';

const CODE_TTL_SECONDS = 5 * 60;
const IN_STORE: ReadonlyArray<CouponView['category']> = ['mall', 'any'];
const codeKey = (code: string) => `coupon-store:${code}`;
const gone = () => new DomainError(ErrorCode.NOT_FOUND, '优惠券码无效或已过期，请会员重新出示');

/** The counter purchase as the rules see it: goods the coupon covers, for the amount the attendant entered. */
const counterBasket = (coupon: CouponView, amountFen: number): Basket => ({ kind: 'mall', lines: [{ category: coupon.mallCategories?.[0] ?? 'convenience', amountFen }] });

@Injectable()
export class StoreCouponService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly coupons: CouponService,
    @Inject(HOT_STORE) private readonly hot: HotStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly kept: KeptReplies,
  ) {}

  async issueCode(memberId: number, couponId: number): Promise<StoreCouponCode> {
    const now = this.clock.now();
    const [found] = await this.coupons.views(memberId, { id: couponId });
    if (!found) throw DomainError.notFound('优惠券');
    if (!IN_STORE.includes(found.view.category)) throw new DomainError(ErrorCode.COUPON_NOT_APPLICABLE, '加油券请在一键加油时使用，充值券请在充值时使用');
    if (found.entity.status !== 'available') throw new DomainError(ErrorCode.COUPON_NOT_APPLICABLE, REFUSAL_MESSAGES.NOT_AVAILABLE);
    if (now < found.view.validFrom) throw new DomainError(ErrorCode.COUPON_NOT_APPLICABLE, REFUSAL_MESSAGES.NOT_YET_VALID);
    if (now >= found.view.validUntil) throw new DomainError(ErrorCode.COUPON_NOT_APPLICABLE, REFUSAL_MESSAGES.EXPIRED);
    for (;;) {
      const code = `C${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
      if (await this.hot.setIfAbsent(codeKey(code), JSON.stringify({ couponId, memberId }), CODE_TTL_SECONDS)) {
        return { code, expiresInSeconds: CODE_TTL_SECONDS, coupon: this.coupons.toDto(found.entity, found.template, now) };
      }
    }
  }

  async preview(code: string): Promise<StoreCouponPreview> {
    const { couponId, memberId } = await this.held(code);
    const [[found], member] = await Promise.all([this.coupons.views(memberId, { id: couponId }), this.dataSource.getRepository(MemberEntity).findOneBy({ id: memberId })]);
    if (!found) throw gone();
    return { memberId, memberPhoneMasked: maskedPhoneOf(member), coupon: this.coupons.toDto(found.entity, found.template, this.clock.now()) };
  }

  async redeem(code: string, stationId: number, amountFen: number, key?: KeptKey): Promise<StoreCouponRedemption> {
    return this.kept.once(key, async (keep) => {
      const { couponId, memberId } = await this.held(code);
      const now = this.clock.now();
      const redeemed = await withDeadlockRetry(() => this.dataSource.transaction(async (manager) => {
        const [found] = await this.coupons.views(memberId, { id: couponId }, manager, true);
        if (!found) throw gone();
        const basket = counterBasket(found.view, amountFen);
        const reason = refusal(found.view, memberId, basket, now);
        if (reason) throw new DomainError(ErrorCode.COUPON_NOT_APPLICABLE, reason === 'BELOW_THRESHOLD' ? `消费金额未达到使用门槛（满 ${found.view.thresholdFen / 100} 元可用）` : REFUSAL_MESSAGES[reason], { reason });
        const used = await manager.update(CouponEntity, { id: couponId, status: 'available' }, { status: 'used', orderRef: `store:${stationId}:${code}` });
        if (used.affected !== 1) throw new DomainError(ErrorCode.CONFLICT, '优惠券已被使用');
        const discountFen = discountOf(found.view, basket);
        const redemption = { coupon: this.coupons.toDto({ ...found.entity, status: 'used' }, found.template, now), amountFen, discountFen, payableFen: amountFen - discountFen };
        await keep(manager, redemption);
        return redemption;
      }));
      await this.hot.del(codeKey(code));
      return redeemed;
    });
  }

  private async held(code: string): Promise<{ couponId: number; memberId: number }> {
    const raw = await this.hot.get(codeKey(code));
    if (!raw) throw gone();
    return JSON.parse(raw) as { couponId: number; memberId: number };
  }
}
