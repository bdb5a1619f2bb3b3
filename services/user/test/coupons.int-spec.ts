import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DomainError, startService, type RunningService } from '@fuel/shared';
import { developmentEnv } from '@fuel/devkit';
import { createThrowawayDatabase, freePort, TEST_REDIS_URL, uniqueRedisPrefix, type ThrowawayDatabase } from '@fuel/devkit/testing';
import { userService } from '../src/service.js';
import { CouponEntity } from '../src/modules/coupons/coupon.entity.js';
import { CouponService } from '../src/modules/coupons/coupon.service.js';
import { MemberEntity, WalletEntity } from '../src/modules/members/member.entity.js';

describe('coupons against MariaDB (time injected)', () => {
  let db: ThrowawayDatabase;
  let service: RunningService;
  let coupons: CouponService;
  let alice: number;
  let bob: number;

  const newMember = async (openId: string) => {
    const member = await service.dataSource.getRepository(MemberEntity).save(Object.assign(new MemberEntity(), { wechatOpenId: openId, tier: 'normal', tierRenewalFen: 0, points: 0 }));
    await service.dataSource.getRepository(WalletEntity).insert({ memberId: member.id, balanceFen: 0 as never });
    await service.dataSource.transaction((m) => coupons.issueRegistration(m, member.id, new Date('2026-11-01T00:00:00Z')));
    return member.id;
  };
  const refusedWith = (code: string, reason?: string) => (error: unknown) => {
    assert.ok(error instanceof DomainError);
    assert.equal(error.code, code);
    if (reason) assert.equal((error.details as { reason: string }).reason, reason);
    return true;
  };

  before(async () => {
    db = await createThrowawayDatabase('coupons');
    service = await startService(userService, { ...developmentEnv('user'), DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: uniqueRedisPrefix('coupons'), RPC_PORT: String(await freePort()), LOG_LEVEL: 'warn', MEMBER_DAY_OF_MONTH: '8' });
    coupons = service.app.get(CouponService);
    alice = await newMember('o-alice');
    bob = await newMember('o-bob');
  });

  after(async () => {
    await service?.close();
    await db?.drop();
  });

  it('gives a new member exactly two 满200减15 fuel coupons, even if registration issuance runs again', async () => {
    await service.dataSource.transaction((m) => coupons.issueRegistration(m, alice, new Date('2026-11-02T00:00:00Z')));
    const pack = await coupons.cardPack(alice, new Date('2026-11-05T00:00:00Z'));
    assert.equal(pack.fuel.available.length, 2);
    for (const c of pack.fuel.available) assert.deepEqual([c.thresholdFen, c.discountFen], [20_000, 1_500]);
  });

  it('issues the member-day coupon once per month, only on the member day (Asia/Shanghai)', async () => {
    const memberDay = new Date('2026-11-07T16:30:00Z'); // 8 Nov 00:30 in Shanghai
    const first = await coupons.claimMemberDay(alice, undefined, memberDay);
    assert.deepEqual([first.thresholdFen, first.discountFen], [30_000, 3_000]);
    await assert.rejects(coupons.claimMemberDay(alice, undefined, new Date('2026-11-08T10:00:00Z')), refusedWith('CONFLICT'));
    await assert.rejects(coupons.claimMemberDay(alice, undefined, new Date('2026-11-07T15:00:00Z')), refusedWith('NOT_MEMBER_DAY')); // 7 Nov 23:00 Shanghai
    const december = await coupons.claimMemberDay(alice, undefined, new Date('2026-12-08T02:00:00Z'));
    assert.notEqual(december.id, first.id);
    const count = await service.dataSource.getRepository(CouponEntity).countBy({ memberId: alice, issueKey: 'member-day:2026-11' });
    assert.equal(count, 1);
  });

  it('has no member day on the 29th to 31st or the last day of February, and follows Shanghai’s date at the year’s turn', async () => {
    const carol = await newMember('o-carol');
    for (const notMemberDay of ['2027-01-29T12:00:00+08:00', '2027-01-31T23:30:00+08:00', '2027-02-28T12:00:00+08:00', '2028-02-29T12:00:00+08:00', '2026-12-31T23:59:00+08:00']) {
      await assert.rejects(coupons.claimMemberDay(carol, undefined, new Date(notMemberDay)), refusedWith('NOT_MEMBER_DAY'), notMemberDay);
    }
    // 8 January in Shanghai while UTC still reads 7 January: January's member day.
    const january = await coupons.claimMemberDay(carol, undefined, new Date('2027-01-07T16:30:00Z'));
    assert.equal((await service.dataSource.getRepository(CouponEntity).findOneByOrFail({ id: january.id })).issueKey, 'member-day:2027-01');
  });

  it('refuses a coupon below its threshold, on the wrong grade, expired, used, or of another member, with a clear reason', async () => {
    const now = new Date('2026-11-05T00:00:00Z');
    const [regular] = (await coupons.cardPack(alice, now)).fuel.available;
    await assert.rejects(coupons.lock(alice, [regular.id], 'order-below', { kind: 'fuel', grade: '92', amountFen: 19_999 }, now), refusedWith('COUPON_NOT_APPLICABLE', 'BELOW_THRESHOLD'));
    await assert.rejects(coupons.lock(alice, [regular.id], 'order-mall', { kind: 'mall', lines: [{ category: 'convenience', amountFen: 50_000 }] }, now), refusedWith('COUPON_NOT_APPLICABLE', 'WRONG_CATEGORY'));
    await assert.rejects(coupons.lock(alice, [regular.id], 'order-late', { kind: 'fuel', grade: '92', amountFen: 30_000 }, new Date('2026-12-31T00:00:00Z')), refusedWith('COUPON_NOT_APPLICABLE', 'EXPIRED'));
    await assert.rejects(coupons.lock(bob, [regular.id], 'order-bob', { kind: 'fuel', grade: '92', amountFen: 30_000 }, now), refusedWith('COUPON_NOT_APPLICABLE', 'NOT_OWNER'));
    const quote = await coupons.lock(alice, [regular.id], 'order-1', { kind: 'fuel', grade: '95', amountFen: 30_000 }, now);
    assert.deepEqual([quote.discountFen, quote.payableFen], [1_500, 28_500]);
    await coupons.consume([regular.id], 'order-1');
    await assert.rejects(coupons.lock(alice, [regular.id], 'order-2', { kind: 'fuel', grade: '92', amountFen: 30_000 }, now), refusedWith('COUPON_NOT_APPLICABLE', 'NOT_AVAILABLE'));
  });

  it('allows one coupon per order unless stackable, and returns a cancelled order’s coupon to the card pack', async () => {
    const now = new Date('2026-11-09T00:00:00Z');
    const available = (await coupons.cardPack(alice, now)).fuel.available;
    assert.ok(available.length >= 2);
    await assert.rejects(coupons.lock(alice, available.slice(0, 2).map((c) => c.id), 'order-3', { kind: 'fuel', grade: '92', amountFen: 40_000 }, now), refusedWith('COUPON_NOT_STACKABLE'));
    const [one] = available;
    await coupons.lock(alice, [one.id], 'order-4', { kind: 'fuel', grade: '92', amountFen: 40_000 }, now);
    assert.ok((await coupons.cardPack(alice, now)).fuel.locked.some((c) => c.id === one.id));
    await coupons.lock(alice, [one.id], 'order-4', { kind: 'fuel', grade: '92', amountFen: 40_000 }, now); // repeated: harmless
    await coupons.release([one.id], 'order-4');
    assert.ok((await coupons.cardPack(alice, now)).fuel.available.some((c) => c.id === one.id));
  });

  it('quotes the best coupon for a basket, never taking the payable amount below zero', async () => {
    const now = new Date('2026-11-09T00:00:00Z');
    const quote = await coupons.best(alice, { kind: 'fuel', grade: '92', amountFen: 35_000 }, now);
    assert.equal(quote.coupons.length, 1);
    assert.equal(quote.discountFen, 3_000); // the member-day 满300减30 beats 满200减15
    assert.equal(quote.payableFen, 32_000);
    const none = await coupons.best(alice, { kind: 'fuel', grade: '92', amountFen: 10_000 }, now);
    assert.deepEqual([none.discountFen, none.payableFen, none.coupons.length], [0, 10_000, 0]);
  });
});
