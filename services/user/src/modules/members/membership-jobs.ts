/**
 * Membership jobs, run every minute by one instance at a time (a hot-store lock) and safe to run twice anyway:
 * every effect is keyed in the database (one reminder per member and expiry date, one coupon per issue key,
 * expiry as a conditional update on the expiry being processed). Time is a parameter so tests need not wait.
 * - renewal reminder 15 days before expiry: a notification record, a WeChat subscribe message and a renewal coupon
 * - expiry: the member drops to the tier their points still support
 * - birthday month: one 满500减50 coupon per year, issued on the first run in the month
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Between, DataSource, LessThanOrEqual, Like, MoreThan, Not } from 'typeorm';
import { CLOCK, fen, HOT_STORE, isUniqueViolation, LOGGER, SERVICE_ENV, shanghaiDate, type Clock, type HotStore, type Logger } from '@fuel/shared';
import type { UserEnv } from '../../config/user-env.js';
import { MemberNotifier } from '../../infra/adapters/wechat/subscribe-notifier.js';
import { MemberNotificationEntity } from '../coupons/coupon.entity.js';
import { CouponService } from '../coupons/coupon.service.js';
import { atExpiry, DEFAULT_TIER_CONFIG, tierState } from './member-tier-rules.js';
import { MemberEntity } from './member.entity.js';

const TIER_NAMES = { normal: '普通会员', silver: '白银会员', gold: '黄金会员', diamond: '钻石会员' } as const;

@Injectable()
export class MembershipJobs implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly coupons: CouponService,
    private readonly notifier: MemberNotifier,
    @Inject(HOT_STORE) private readonly hot: HotStore,
    @Inject(SERVICE_ENV) private readonly env: UserEnv,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    if (this.env.MEMBERSHIP_JOBS_INTERVAL_MS === 0) return;
    this.timer = setInterval(() => void this.tick(), this.env.MEMBERSHIP_JOBS_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    const lease = Math.max(1, Math.floor(this.env.MEMBERSHIP_JOBS_INTERVAL_MS / 1000) - 1);
    if (!(await this.hot.setIfAbsent('jobs:membership', String(process.pid), lease))) return;
    await this.runAll(this.clock.now()).catch((error) => this.logger.error({ err: error }, 'membership jobs failed'));
  }

  async runAll(now: Date): Promise<{ reminded: number; expired: number; birthdays: number }> {
    return { reminded: await this.remindRenewals(now), expired: await this.expireTiers(now), birthdays: await this.issueBirthdayCoupons(now) };
  }

  async remindRenewals(now: Date): Promise<number> {
    const horizon = new Date(now.getTime() + DEFAULT_TIER_CONFIG.reminderDays * 86_400_000);
    const due = await this.dataSource.getRepository(MemberEntity).find({ where: { tier: Not('normal'), tierExpiresAt: Between(new Date(now.getTime() + 1), horizon) } });
    let reminded = 0;
    for (const member of due) {
      const ref = member.tierExpiresAt!.toISOString();
      let notification: MemberNotificationEntity;
      try {
        // Claim the reminder and issue its coupon together: only one run (or instance) gets past this.
        notification = await this.dataSource.transaction(async (manager) => {
          const row = await manager.save(MemberNotificationEntity, { memberId: member.id, kind: 'tier-renewal-reminder', ref, status: 'sent', detail: null, createdAt: now });
          await this.coupons.issue(manager, member.id, 'RENEWAL_RECHARGE_30', `renewal:${ref}`, now);
          return row;
        });
      } catch (error) {
        if (isUniqueViolation(error)) continue;
        throw error;
      }
      const outcome = member.wechatOpenId
        ? await this.notifier.send(member.wechatOpenId, this.env.WECHAT_TEMPLATE_RENEWAL_REMINDER, 'pages/me/index', {
            thing1: `${TIER_NAMES[member.tier]}即将到期`,
            time2: ref.slice(0, 10),
            thing3: '充值续费可延长 12 个月，续费礼券已放入卡包',
          })
        : ({ sent: false, reason: 'no wechat openid' } as const);
      if (!outcome.sent) {
        await this.dataSource.getRepository(MemberNotificationEntity).update({ id: notification.id }, { status: 'failed', detail: outcome.reason });
      }
      reminded++;
    }
    return reminded;
  }

  async expireTiers(now: Date): Promise<number> {
    const lapsed = await this.dataSource.getRepository(MemberEntity).find({ where: { tier: Not('normal'), tierExpiresAt: LessThanOrEqual(now) } });
    let expired = 0;
    for (const member of lapsed) {
      const next = atExpiry(tierState(member), member.points, now);
      const result = await this.dataSource
        .getRepository(MemberEntity)
        .update({ id: member.id, tier: member.tier, tierExpiresAt: member.tierExpiresAt! }, { tier: next.tier, tierExpiresAt: next.expiresAt, tierRenewalFen: fen(next.renewalFen) });
      expired += result.affected ?? 0;
    }
    return expired;
  }

  async issueBirthdayCoupons(now: Date): Promise<number> {
    const { year, month } = shanghaiDate(now);
    const members = await this.dataSource.getRepository(MemberEntity).find({
      where: { birthday: Like(`%-${String(month).padStart(2, '0')}-%`), id: MoreThan(0) },
      select: { id: true },
    });
    let issued = 0;
    for (const { id } of members) if (await this.coupons.issueOnce(id, 'BIRTHDAY_500_50', `birthday:${year}`, now)) issued++;
    return issued;
  }
}
