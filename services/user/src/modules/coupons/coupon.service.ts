/**
 * Coupons (我的卡包): issued by the membership rules — each issue key once per member (the database enforces
 * it, so a job that runs twice or on two instances issues nothing twice) — shown grouped, quoted against a
 * basket, and held for an order (locked), then consumed on payment or released on cancellation or refund.
 * Every status change is a conditional update on the expected status.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  CLOCK,
  COUPON_CATEGORIES,
  DomainError,
  ErrorCode,
  forUpdate,
  isUniqueViolation,
  KeptReplies,
  SERVICE_ENV,
  type CardPack,
  type Clock,
  type Coupon,
  type CouponQuote,
  type KeptKey,
  onPrimary,
} from '@fuel/shared';
import type { UserEnv } from '../../config/user-env.js';
import { basketTotal, bestCoupons, memberDayKey, refusal, REFUSAL_MESSAGES, type Basket, type CouponView } from './coupon-rules.js';
import { CouponEntity, CouponTemplateEntity } from './coupon.entity.js';

/** What a template says about where and how much a coupon applies. */
const terms = (t: CouponTemplateEntity) => ({
  category: t.category,
  thresholdFen: t.thresholdFen,
  discountFen: t.discountFen,
  grades: t.grades,
  mallCategories: t.mallCategories,
  stackable: t.stackable,
});

@Injectable()
export class CouponService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_ENV) private readonly env: UserEnv,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly kept: KeptReplies,
  ) {}

  /** Issues one coupon from a template unless this issue key was used for the member; true when issued. */
  async issue(manager: EntityManager, memberId: number, templateCode: string, issueKey: string, now: Date): Promise<boolean> {
    const template = await manager.findOneByOrFail(CouponTemplateEntity, { code: templateCode });
    const exists = await manager.existsBy(CouponEntity, { memberId, issueKey });
    if (exists) return false;
    await manager.insert(CouponEntity, {
      memberId,
      templateId: template.id,
      status: 'available',
      validFrom: now,
      validUntil: new Date(now.getTime() + template.validDays * 86_400_000),
      orderRef: null,
      issueKey,
      createdAt: now,
    });
    return true;
  }

  /**
   * Outside a caller's transaction: a concurrent duplicate is simply "already issued". `alongside` writes in the same
   * transaction when the coupon is issued (a kept reply).
   */
  async issueOnce(memberId: number, templateCode: string, issueKey: string, now: Date, alongside?: (manager: EntityManager) => Promise<void>): Promise<boolean> {
    try {
      return await this.dataSource.transaction(async (m) => {
        const issued = await this.issue(m, memberId, templateCode, issueKey, now);
        if (issued) await alongside?.(m);
        return issued;
      });
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Two 满200减15 fuel coupons for a new member, in the registration transaction. */
  async issueRegistration(manager: EntityManager, memberId: number, now: Date): Promise<void> {
    await this.issue(manager, memberId, 'REG_FUEL_200_15', 'registration:1', now);
    await this.issue(manager, memberId, 'REG_FUEL_200_15', 'registration:2', now);
  }

  /**
   * On the monthly member day, one 满300减30 per member per month. The same request again (its Idempotency-Key)
   * answers the coupon it claimed, even after the day.
   */
  async claimMemberDay(memberId: number, key?: KeptKey, now = this.clock.now()): Promise<Coupon> {
    const claimed = async (issueKey: string) => {
      const [coupon] = await onPrimary(this.dataSource, (m) => this.views(memberId, { issueKey }, m)); // just written
      return this.toDto(coupon.entity, coupon.template, now);
    };
    return this.kept.once<Coupon, string>(
      key,
      async (keep) => {
        const issueKey = memberDayKey(now, this.env.MEMBER_DAY_OF_MONTH);
        if (!issueKey) throw new DomainError(ErrorCode.NOT_MEMBER_DAY, `会员日为每月 ${this.env.MEMBER_DAY_OF_MONTH} 日，今天不能领取`);
        if (!(await this.issueOnce(memberId, 'MEMBER_DAY_300_30', issueKey, now, (manager) => keep(manager, issueKey)))) {
          throw new DomainError(ErrorCode.CONFLICT, '本月会员日礼券已领取');
        }
        return claimed(issueKey);
      },
      claimed,
    );
  }

  async cardPack(memberId: number, now = this.clock.now()): Promise<CardPack> {
    const pack = Object.fromEntries(COUPON_CATEGORIES.map((c) => [c, { available: [], locked: [], used: [], expired: [] }])) as unknown as CardPack;
    for (const { entity, template } of await this.views(memberId)) {
      const dto = this.toDto(entity, template, now);
      pack[dto.category][dto.status].push(dto);
    }
    return pack;
  }

  async best(memberId: number, basket: Basket, now = this.clock.now()): Promise<CouponQuote> {
    const views = await this.views(memberId, { status: 'available' });
    const quote = bestCoupons(views.map((v) => v.view), memberId, basket, now);
    const chosen = views.filter((v) => quote.couponIds.includes(v.view.id));
    return { totalFen: quote.totalFen, discountFen: quote.discountFen, payableFen: quote.payableFen, coupons: chosen.map((v) => this.toDto(v.entity, v.template, now)) };
  }

  /** What these coupons would take off the basket (checked as `lock` checks them), holding nothing. */
  async quote(memberId: number, couponIds: number[], basket: Basket, now = this.clock.now()): Promise<CouponQuote> {
    const views = await this.views(memberId, { id: In(couponIds) });
    await this.assertUsable(views, couponIds, memberId, basket, now, undefined);
    return this.quoteOf(views, basket, now, (entity) => entity);
  }

  /** Holds the coupons for an order; repeating the call for the same order is harmless. */
  async lock(memberId: number, couponIds: number[], orderRef: string, basket: Basket, now = this.clock.now()): Promise<CouponQuote> {
    return this.dataSource.transaction(async (manager) => {
      const views = await this.views(memberId, { id: In(couponIds) }, manager, true);
      await this.assertUsable(views, couponIds, memberId, basket, now, orderRef, manager);
      for (const { entity } of views) {
        if (entity.status === 'locked' && entity.orderRef === orderRef) continue;
        const locked = await manager.update(CouponEntity, { id: entity.id, status: 'available' }, { status: 'locked', orderRef });
        if (locked.affected !== 1) throw new DomainError(ErrorCode.CONFLICT, '优惠券正被其他订单使用');
      }
      return this.quoteOf(views, basket, now, (entity) => ({ ...entity, status: 'locked', orderRef }));
    });
  }

  /** The member's own, at most one that does not stack, each fitting the basket (or already held for this order). */
  private async assertUsable(views: Awaited<ReturnType<CouponService['views']>>, couponIds: number[], memberId: number, basket: Basket, now: Date, orderRef: string | undefined, manager: EntityManager = this.dataSource.manager): Promise<void> {
    if (views.length !== couponIds.length) {
      const others = await manager.findBy(CouponEntity, { id: In(couponIds) });
      throw others.length === couponIds.length
        ? new DomainError(ErrorCode.COUPON_NOT_APPLICABLE, REFUSAL_MESSAGES.NOT_OWNER, { reason: 'NOT_OWNER' })
        : DomainError.notFound('优惠券');
    }
    if (views.filter((v) => !v.view.stackable).length > 1) throw new DomainError(ErrorCode.COUPON_NOT_STACKABLE, '每笔订单只能使用一张优惠券');
    for (const { view, entity } of views) {
      const reason = refusal(view, memberId, basket, now, { lockedForThisOrder: orderRef !== undefined && entity.orderRef === orderRef });
      if (reason) throw new DomainError(ErrorCode.COUPON_NOT_APPLICABLE, REFUSAL_MESSAGES[reason], { reason, couponId: view.id });
    }
  }

  private quoteOf(views: Awaited<ReturnType<CouponService['views']>>, basket: Basket, now: Date, shown: (entity: CouponEntity) => CouponEntity): CouponQuote {
    const totalFen = basketTotal(basket);
    const discount = Math.min(views.reduce((s, v) => s + v.view.discountFen, 0), totalFen);
    return { totalFen, discountFen: discount, payableFen: totalFen - discount, coupons: views.map((v) => this.toDto(shown(v.entity), v.template, now)) };
  }

  /** Payment succeeded: the order's locked coupons become used (again: harmless). */
  async consume(couponIds: number[], orderRef: string): Promise<{ couponIds: number[] }> {
    await this.dataSource.getRepository(CouponEntity).update({ id: In(couponIds), orderRef, status: 'locked' }, { status: 'used' });
    await this.assertAll(couponIds, orderRef, 'used');
    return { couponIds };
  }

  /** Order cancelled or refunded: its coupons return to the card pack. */
  async release(couponIds: number[], orderRef: string): Promise<{ couponIds: number[] }> {
    await this.dataSource.getRepository(CouponEntity).update({ id: In(couponIds), orderRef, status: In(['locked', 'used']) }, { status: 'available', orderRef: null });
    return { couponIds };
  }

  private async assertAll(couponIds: number[], orderRef: string, status: CouponEntity['status']): Promise<void> {
    const rows = await onPrimary(this.dataSource, (m) => m.findBy(CouponEntity, { id: In(couponIds) }));
    if (rows.length !== couponIds.length || rows.some((r) => r.status !== status || r.orderRef !== orderRef)) {
      throw new DomainError(ErrorCode.CONFLICT, '优惠券状态已变化');
    }
  }

  /** A member's coupons (filtered), each with its template and the rules' view of it; locked FOR UPDATE on request. */
  async views(memberId: number, where: Record<string, unknown> = {}, manager: EntityManager = this.dataSource.manager, lock = false) {
    const rows = await manager.find(CouponEntity, {
      where: { memberId, ...where },
      order: { validUntil: 'ASC', id: 'ASC' },
      ...(lock ? forUpdate(this.dataSource) : {}),
    });
    const templates = new Map((await manager.findBy(CouponTemplateEntity, { id: In([...new Set(rows.map((r) => r.templateId))]) })).map((t) => [t.id, t]));
    return rows.map((entity) => {
      const template = templates.get(entity.templateId)!;
      const view: CouponView = {
        id: entity.id,
        memberId: entity.memberId,
        ...terms(template),
        status: entity.status,
        validFrom: entity.validFrom,
        validUntil: entity.validUntil,
      };
      return { entity, template, view };
    });
  }

  toDto(entity: CouponEntity, template: CouponTemplateEntity, now: Date): Coupon {
    const expired = entity.status === 'available' && entity.validUntil <= now;
    return {
      id: entity.id,
      name: template.name,
      ...terms(template),
      status: expired ? 'expired' : entity.status,
      validFrom: entity.validFrom.toISOString(),
      validUntil: entity.validUntil.toISOString(),
    };
  }
}
