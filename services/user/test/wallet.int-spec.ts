import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { clock, startService, memberContracts, type Actor, type RunningService, type WalletEntry } from '@fuel/shared';
import { developmentEnv } from '@fuel/devkit';
import { createThrowawayDatabase, freePort, signedRpcClient, TEST_REDIS_URL, uniqueRedisPrefix, type ThrowawayDatabase } from '@fuel/devkit/testing';
import { userService } from '../src/service.js';
import { MemberEntity, PointsLedgerEntity, WalletEntity, WalletLedgerEntity } from '../src/modules/members/member.entity.js';
import { PointsService } from '../src/modules/members/points.service.js';
import { WalletService } from '../src/modules/wallet/wallet.service.js';

const SYSTEM: Actor = { kind: 'system', id: 'payment' };

describe('wallet against MariaDB (user service over RPC)', () => {
  let db: ThrowawayDatabase;
  let service: RunningService;
  let client: ReturnType<typeof signedRpcClient>;
  let memberId: number;

  const callAs = <T>(actor: Actor | undefined, pattern: string, data: unknown) => client.call<T>(actor, pattern, data);
  const call = <T>(pattern: string, data: unknown) => callAs<T>(SYSTEM, pattern, data);
  const newMember = async (openId: string) => {
    const member = await service.dataSource.getRepository(MemberEntity).save(Object.assign(new MemberEntity(), { wechatOpenId: openId, tier: 'normal', tierRenewalFen: 0, points: 0 }));
    await service.dataSource.getRepository(WalletEntity).insert({ memberId: member.id, balanceFen: 0 as never });
    return member.id;
  };

  before(async () => {
    db = await createThrowawayDatabase('wallet');
    const port = await freePort();
    service = await startService(userService, { ...developmentEnv('user'),
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: uniqueRedisPrefix('wallet'),
      RPC_PORT: String(port),
      LOG_LEVEL: 'warn',
    });
    client = signedRpcClient(port);
    memberId = await newMember('o-int-wallet');
  });

  after(async () => {
    client?.close();
    await service?.close();
    await db?.drop();
  });

  const ledgerSum = async () => {
    const rows = await service.dataSource.transaction((m) => m.findBy(WalletLedgerEntity, { memberId }));
    return rows.reduce((sum, r) => sum + r.amountFen, 0);
  };
  const balance = async () => (await service.dataSource.transaction((m) => m.findOneByOrFail(WalletEntity, { memberId }))).balanceFen;

  it('200 concurrent debits of 100 CNY against 5,000 CNY: exactly 50 succeed, the balance ends at 0 and equals the ledger', async () => {
    await call(memberContracts.credit.pattern, { memberId, amountFen: 500_000, kind: 'recharge', idempotencyKey: 'recharge-5000' });
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => call<WalletEntry>(memberContracts.debit.pattern, { memberId, amountFen: 10_000, idempotencyKey: `debit-${String(i).padStart(4, "0")}` })),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    assert.equal(ok.length, 50);
    assert.deepEqual([...new Set(refused.map((r) => (r.reason as { code: string }).code))], ['INSUFFICIENT_BALANCE']);
    assert.equal(await balance(), 0);
    assert.equal(await ledgerSum(), 0);
  });

  it('applies a retried debit once: the same idempotency key returns the first entry', async () => {
    await call(memberContracts.credit.pattern, { memberId, amountFen: 20_000, kind: 'refund', idempotencyKey: 'refund-a' });
    const first = await call<WalletEntry>(memberContracts.debit.pattern, { memberId, amountFen: 5_000, idempotencyKey: 'order-42-pay' });
    const retries = await Promise.all(Array.from({ length: 5 }, () => call<WalletEntry>(memberContracts.debit.pattern, { memberId, amountFen: 5_000, idempotencyKey: 'order-42-pay' })));
    for (const r of retries) assert.deepEqual(r, first);
    assert.equal(await balance(), 15_000);
    assert.equal(await ledgerSum(), 15_000);
  });

  it('refuses a reused key with a different amount (422 code) and changes nothing', async () => {
    await assert.rejects(call(memberContracts.debit.pattern, { memberId, amountFen: 6_000, idempotencyKey: 'order-42-pay' }), (e: { code: string }) => e.code === 'IDEMPOTENCY_KEY_REUSED');
    assert.equal(await balance(), 15_000);
  });

  it('lets only other services move money: a member or staff actor is refused', async () => {
    for (const actor of [{ kind: 'member', id: String(memberId) }, { kind: 'staff', id: '1', role: 'manager' }, undefined] as Array<Actor | undefined>) {
      await assert.rejects(callAs(actor, memberContracts.credit.pattern, { memberId, amountFen: 100, kind: 'recharge', idempotencyKey: `forged-${actor?.kind}` }), (e: { code: string }) => e.code === 'FORBIDDEN');
    }
    assert.equal(await balance(), 15_000);
  });

  it('lands on silver, gold and diamond at 1000, 3000 and 5000 CNY recharged, with a 12-month expiry', async () => {
    const wallet = service.app.get(WalletService);
    const dataSource = service.app.get(DataSource);
    for (const [openid, fen, tier] of [['o-silver', 100_000, 'silver'], ['o-gold', 300_000, 'gold'], ['o-diamond', 500_000, 'diamond']] as const) {
      const id = await newMember(openid);
      const before = clock.now().getTime(); // the service's clock (TEST_NOW when npm test runs on one)
      await wallet.credit({ memberId: id, amountFen: fen, kind: 'recharge', idempotencyKey: `r-${openid}` });
      const after = await dataSource.transaction((tx) => tx.findOneByOrFail(MemberEntity, { id }));
      assert.equal(after.tier, tier);
      const months = (after.tierExpiresAt!.getTime() - before) / (30.44 * 86_400_000);
      assert.ok(months > 11.9 && months < 12.1, `${months} months`);
    }
  });
});

describe('points against MariaDB', () => {
  let db: ThrowawayDatabase;
  let service: RunningService;

  before(async () => {
    db = await createThrowawayDatabase('points');
    service = await startService(userService, { ...developmentEnv('user'), DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: uniqueRedisPrefix('points'), RPC_PORT: String(await freePort()), LOG_LEVEL: 'warn' });
  });

  after(async () => {
    await service?.close();
    await db?.drop();
  });

  it('earns 1 point per whole CNY paid, reverses on refund without going below zero, once per key, and lifts the tier', async () => {
    const points = service.app.get(PointsService);
    const member = await service.dataSource.getRepository(MemberEntity).save(Object.assign(new MemberEntity(), { wechatOpenId: 'o-points', tier: 'normal', tierRenewalFen: 0, points: 0 }));
    assert.deepEqual(await points.apply({ memberId: member.id, kind: 'earn', amountFen: 150_099, idempotencyKey: 'order-1-paid' }), { points: 1_500, balanceAfter: 1_500 });
    assert.deepEqual(await points.apply({ memberId: member.id, kind: 'earn', amountFen: 150_099, idempotencyKey: 'order-1-paid' }), { points: 1_500, balanceAfter: 1_500 });
    await assert.rejects(points.apply({ memberId: member.id, kind: 'earn', amountFen: 990_000, idempotencyKey: 'order-1-paid' }), (e: { code: string }) => e.code === 'IDEMPOTENCY_KEY_REUSED');
    await points.apply({ memberId: member.id, kind: 'earn', amountFen: 50_000, idempotencyKey: 'order-2-paid' });
    const lifted = await service.dataSource.transaction((m) => m.findOneByOrFail(MemberEntity, { id: member.id }));
    assert.equal(lifted.points, 2_000);
    assert.equal(lifted.tier, 'silver');
    assert.deepEqual(await points.apply({ memberId: member.id, kind: 'reverse', amountFen: 50_000, idempotencyKey: 'order-2-refund' }), { points: -500, balanceAfter: 1_500 });
    assert.deepEqual(await points.apply({ memberId: member.id, kind: 'reverse', amountFen: 900_000, idempotencyKey: 'order-3-refund' }), { points: -1_500, balanceAfter: 0 });
    const ledger = await service.dataSource.transaction((m) => m.findBy(PointsLedgerEntity, { memberId: member.id }));
    assert.equal(ledger.reduce((s, r) => s + r.points, 0), 0);
  });
});
