import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startService, type RunningService } from '@fuel/shared';
import { DEV_WECHAT_APP_ID, DEV_WECHAT_APP_SECRET, developmentEnv } from '@fuel/devkit';
import { startWechatStandIn, type SubscribeMessage } from '@fuel/devkit/standins';
import { createThrowawayDatabase, freePort, TEST_REDIS_URL, uniqueRedisPrefix, type ThrowawayDatabase } from '@fuel/devkit/testing';
import { userService } from '../src/service.js';
import { CouponEntity, MemberNotificationEntity } from '../src/modules/coupons/coupon.entity.js';
import { addMonths } from '../src/modules/members/member-tier-rules.js';
import { MemberEntity, WalletEntity } from '../src/modules/members/member.entity.js';
import { MembershipJobs } from '../src/modules/members/membership-jobs.js';
import { WalletService } from '../src/modules/wallet/wallet.service.js';

const day = 86_400_000;

describe('membership jobs against MariaDB (time injected)', () => {
  let db: ThrowawayDatabase;
  let service: RunningService;
  let jobs: MembershipJobs;
  let wechat: Awaited<ReturnType<typeof startWechatStandIn>>;

  const newMember = async (openId: string, extra: Partial<MemberEntity> = {}) => {
    const member = await service.dataSource.getRepository(MemberEntity).save(Object.assign(new MemberEntity(), { wechatOpenId: openId, tier: 'normal', tierRenewalFen: 0, points: 0, ...extra }));
    await service.dataSource.getRepository(WalletEntity).insert({ memberId: member.id, balanceFen: 0 as never });
    return member.id;
  };
  const memberRow = (id: number) => service.dataSource.transaction((m) => m.findOneByOrFail(MemberEntity, { id }));

  before(async () => {
    db = await createThrowawayDatabase('jobs');
    wechat = await startWechatStandIn({ port: await freePort(), appId: DEV_WECHAT_APP_ID, appSecret: DEV_WECHAT_APP_SECRET });
    service = await startService(userService, { ...developmentEnv('user'),
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: uniqueRedisPrefix('jobs'),
      RPC_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      WECHAT_API_BASE: wechat.url,
      MEMBERSHIP_JOBS_INTERVAL_MS: '0',
    });
    jobs = service.app.get(MembershipJobs);
  });

  after(async () => {
    await service?.close();
    wechat?.server.close();
    await db?.drop();
  });

  it('reminds exactly once 15 days before expiry, with a renewal coupon, even when the job runs twice at once', async () => {
    const start = new Date('2026-01-10T04:00:00Z');
    const id = await newMember('o-remind');
    await service.app.get(WalletService).credit({ memberId: id, amountFen: 100_000, kind: 'recharge', idempotencyKey: 'remind-recharge' });
    // Recharged "now" in real time; move the tier to a known expiry for the test.
    const expiresAt = addMonths(start, 12);
    await service.dataSource.getRepository(MemberEntity).update({ id }, { tierExpiresAt: expiresAt });
    assert.equal((await memberRow(id)).tier, 'silver');

    await jobs.remindRenewals(new Date(expiresAt.getTime() - 16 * day));
    assert.equal(await service.dataSource.getRepository(MemberNotificationEntity).countBy({ memberId: id }), 0);

    const due = new Date(expiresAt.getTime() - 15 * day);
    await Promise.all([jobs.remindRenewals(due), jobs.remindRenewals(due)]);
    await jobs.remindRenewals(new Date(expiresAt.getTime() - 3 * day));
    const notes = await service.dataSource.getRepository(MemberNotificationEntity).findBy({ memberId: id });
    assert.equal(notes.length, 1);
    assert.equal(notes[0].status, 'sent');
    const sent = wechat.messages.filter((m: SubscribeMessage) => m.touser === 'o-remind');
    assert.equal(sent.length, 1);
    assert.equal(sent[0].template_id, 'TIER_RENEWAL_REMINDER');
    assert.equal(await service.dataSource.getRepository(CouponEntity).countBy({ memberId: id, issueKey: `renewal:${expiresAt.toISOString()}` }), 1);
  });

  it('drops an expired tier to normal, or to what the points support', async () => {
    const expiresAt = new Date('2026-06-01T00:00:00Z');
    const plain = await newMember('o-expire-plain', { tier: 'gold', tierExpiresAt: expiresAt });
    const pointsRich = await newMember('o-expire-points', { tier: 'diamond', tierExpiresAt: expiresAt, points: 6_500 });
    await jobs.expireTiers(new Date(expiresAt.getTime() - 1));
    assert.equal((await memberRow(plain)).tier, 'gold');
    const processed = await jobs.expireTiers(expiresAt);
    assert.equal(processed, 2);
    assert.equal((await memberRow(plain)).tier, 'normal');
    assert.equal((await memberRow(plain)).tierExpiresAt, null);
    const downgraded = await memberRow(pointsRich);
    assert.equal(downgraded.tier, 'gold');
    assert.equal(downgraded.tierExpiresAt!.toISOString(), addMonths(expiresAt, 12).toISOString());
    assert.equal(await jobs.expireTiers(new Date(expiresAt.getTime() + day)), 0);
  });

  it('issues the birthday coupon once per year, in the birthday month (Asia/Shanghai)', async () => {
    const id = await newMember('o-birthday', { birthday: '1990-11-20' });
    assert.equal(await jobs.issueBirthdayCoupons(new Date('2026-10-31T15:00:00Z')), 0); // 31 Oct 23:00 Shanghai
    assert.ok((await jobs.issueBirthdayCoupons(new Date('2026-10-31T16:30:00Z'))) >= 1); // 1 Nov 00:30 Shanghai
    await jobs.issueBirthdayCoupons(new Date('2026-11-15T00:00:00Z'));
    assert.equal(await service.dataSource.getRepository(CouponEntity).countBy({ memberId: id, issueKey: 'birthday:2026' }), 1);
    await jobs.issueBirthdayCoupons(new Date('2027-11-02T00:00:00Z'));
    assert.equal(await service.dataSource.getRepository(CouponEntity).countBy({ memberId: id }), 2);
  });

  it('gives a member born on 29 February the birthday coupon in February of a common year, up to its last day', async () => {
    const id = await newMember('o-leapling', { birthday: '1992-02-29' });
    await jobs.issueBirthdayCoupons(new Date('2027-02-28T16:30:00Z')); // 1 Mar 2027 00:30 Shanghai: too late
    assert.equal(await service.dataSource.getRepository(CouponEntity).countBy({ memberId: id }), 0);
    await jobs.issueBirthdayCoupons(new Date('2027-02-28T15:30:00Z')); // 28 Feb 23:30 Shanghai, the month's last day
    assert.equal(await service.dataSource.getRepository(CouponEntity).countBy({ memberId: id, issueKey: 'birthday:2027' }), 1);
    await jobs.issueBirthdayCoupons(new Date('2028-02-29T04:00:00Z')); // and on 29 Feb of a leap year
    assert.equal(await service.dataSource.getRepository(CouponEntity).countBy({ memberId: id, issueKey: 'birthday:2028' }), 1);
  });

  it('counts the birthday year in Shanghai: a January birthday is the new year’s on New Year’s Eve after 16:00 UTC', async () => {
    const id = await newMember('o-january', { birthday: '1985-01-15' });
    await jobs.issueBirthdayCoupons(new Date('2026-12-31T15:30:00Z')); // 31 Dec 23:30 Shanghai: still December
    assert.equal(await service.dataSource.getRepository(CouponEntity).countBy({ memberId: id }), 0);
    await jobs.issueBirthdayCoupons(new Date('2026-12-31T16:30:00Z')); // 1 Jan 2027 00:30 Shanghai, UTC still 2026
    assert.equal(await service.dataSource.getRepository(CouponEntity).countBy({ memberId: id, issueKey: 'birthday:2027' }), 1);
  });

  it('reminds 15 days before a tier that was bought on 31 January and so ends on the last day of a later month', async () => {
    const bought = new Date('2027-01-31T15:30:00Z'); // 31 Jan 23:30 Shanghai
    const expiresAt = addMonths(bought, 12);
    assert.equal(expiresAt.toISOString(), '2028-01-31T15:30:00.000Z');
    const id = await newMember('o-month-end', { tier: 'silver', tierExpiresAt: expiresAt });
    await jobs.remindRenewals(new Date(expiresAt.getTime() - 15 * day - 60_000));
    assert.equal(await service.dataSource.getRepository(MemberNotificationEntity).countBy({ memberId: id }), 0);
    await jobs.remindRenewals(new Date(expiresAt.getTime() - 15 * day));
    assert.equal(await service.dataSource.getRepository(MemberNotificationEntity).countBy({ memberId: id }), 1);
    await jobs.expireTiers(expiresAt);
    assert.equal((await memberRow(id)).tier, 'normal');
  });
});
