import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { clock, paymentContracts, runWithContext, startService, type Actor, type PaymentIntent, type PaymentMethod, type RunningService } from '@fuel/shared';
import { developmentEnv } from '@fuel/devkit';
import { createThrowawayDatabase, freePort, signedRpcClient, TEST_REDIS_URL, uniqueRedisPrefix, type ThrowawayDatabase } from '@fuel/devkit/testing';
import { paymentService } from '../src/service.js';
import { PaymentIntentEntity, PaymentTransitionEntity } from '../src/modules/intents/payment-intent.entity.js';
import { PaymentIntentService } from '../src/modules/intents/payment-intent.service.js';

const member = (id: number): Actor => ({ kind: 'member', id: String(id) });
const ORDER_SERVICE: Actor = { kind: 'system', id: 'order' };

describe('payment intents against MariaDB (payment service over RPC)', () => {
  let db: ThrowawayDatabase;
  let service: RunningService;
  let client: ReturnType<typeof signedRpcClient>;

  before(async () => {
    db = await createThrowawayDatabase('payment_intents');
    const port = await freePort();
    service = await startService(paymentService, { ...developmentEnv('payment'), DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: uniqueRedisPrefix('payint'), RPC_PORT: String(port), LOG_LEVEL: 'warn' });
    client = signedRpcClient(port);
  });

  after(async () => {
    client?.close();
    await service?.close();
    await db?.drop();
  });

  /** Attempts through the service itself (over RPC, a WeChat attempt also prepays: see the end-to-end suite). */
  const attempt = (actor: Actor, intentNo: string, method: PaymentMethod) => runWithContext({ requestId: 'int-attempt-01', actor }, () => service.app.get(PaymentIntentService).startAttempt(intentNo, method).then((started) => started.attempt));
  const transitions = async (intentNo: string) => {
    const intent = await service.dataSource.getRepository(PaymentIntentEntity).findOneByOrFail({ intentNo });
    const rows = await service.dataSource.getRepository(PaymentTransitionEntity).find({ where: { intentId: intent.id }, order: { id: 'ASC' } });
    return rows.map((r) => `${r.fromStatus ?? '∅'}→${r.toStatus}:${r.reason}:${r.actor}`);
  };

  it('creates a recharge for the signed-in member at the amount asked, recording the creation', async () => {
    const intent = await client.call<PaymentIntent>(member(11), paymentContracts.createRecharge.pattern, { amountFen: 300_000 });
    assert.match(intent.intentNo, /^P\d{8}[0-9A-Z]{8}$/);
    assert.equal(intent.memberId, 11);
    assert.equal(intent.amountFen, 300_000);
    assert.equal(intent.status, 'created');
    assert.equal(intent.payableKind, 'recharge');
    assert.equal(intent.description, '钱包充值 ¥3000');
    assert.deepEqual(await transitions(intent.intentNo), ['∅→created:created:member:11']);
  });

  it('refuses a recharge below 10 CNY or above 10,000 CNY, or from anyone but a member', async () => {
    await assert.rejects(client.call(member(11), paymentContracts.createRecharge.pattern, { amountFen: 999 }), (e: { code: string }) => e.code === 'VALIDATION_FAILED');
    await assert.rejects(client.call(member(11), paymentContracts.createRecharge.pattern, { amountFen: 1_000_001 }), (e: { code: string }) => e.code === 'VALIDATION_FAILED');
    await assert.rejects(client.call(ORDER_SERVICE, paymentContracts.createRecharge.pattern, { amountFen: 10_000 }), (e: { code: string }) => e.code === 'FORBIDDEN');
  });

  it('gives each attempt its own out_trade_no, never reused, and records every move', async () => {
    const intent = await client.call<PaymentIntent>(member(12), paymentContracts.createRecharge.pattern, { amountFen: 100_000 });
    const first = await attempt(member(12), intent.intentNo, 'wechat');
    const second = await attempt(member(12), intent.intentNo, 'alipay');
    assert.equal(first.outTradeNo, `${intent.intentNo}01`);
    assert.equal(second.outTradeNo, `${intent.intentNo}02`);
    const after = await client.call<PaymentIntent>(member(12), paymentContracts.get.pattern, { intentNo: intent.intentNo });
    assert.equal(after.status, 'paying');
    assert.deepEqual(after.attempts.map((a) => [a.outTradeNo, a.method]), [[first.outTradeNo, 'wechat'], [second.outTradeNo, 'alipay']]);
    assert.deepEqual(await transitions(intent.intentNo), ['∅→created:created:member:12', 'created→paying:attempt:wechat:member:12', 'paying→paying:attempt:alipay:member:12']);
  });

  it('lets only its member read or attempt an intent (no service is among payment.intents.get’s callers)', async () => {
    const intent = await client.call<PaymentIntent>(member(13), paymentContracts.createRecharge.pattern, { amountFen: 10_000 });
    const forbidden = (e: { code: string }) => e.code === 'FORBIDDEN';
    await assert.rejects(client.call(member(14), paymentContracts.get.pattern, { intentNo: intent.intentNo }), forbidden);
    await assert.rejects(client.call(member(14), paymentContracts.startAttempt.pattern, { intentNo: intent.intentNo, method: 'wechat' }), forbidden);
    await assert.rejects(client.call(undefined, paymentContracts.get.pattern, { intentNo: intent.intentNo }), forbidden);
    await assert.rejects(client.call(ORDER_SERVICE, paymentContracts.get.pattern, { intentNo: intent.intentNo }), forbidden, 'the order service has no need to read one');
    assert.equal((await client.call<PaymentIntent>(member(13), paymentContracts.get.pattern, { intentNo: intent.intentNo })).memberId, 13);
  });

  it('takes an order’s amount only from the order service, and gives a retried request the same intent', async () => {
    const request = { payableKind: 'fuel_order', payableRef: 'F20261129-0001', memberId: 15, amountFen: 35_050, description: '一键加油 3 号枪 92#' };
    await assert.rejects(client.call(member(15), paymentContracts.createForPayable.pattern, request), (e: { code: string }) => e.code === 'FORBIDDEN');
    await assert.rejects(client.call({ kind: 'system', id: 'user' }, paymentContracts.createForPayable.pattern, request), (e: { code: string }) => e.code === 'FORBIDDEN');
    const [a, b] = await Promise.all([client.call<PaymentIntent>(ORDER_SERVICE, paymentContracts.createForPayable.pattern, request), client.call<PaymentIntent>(ORDER_SERVICE, paymentContracts.createForPayable.pattern, request)]);
    assert.equal(a.intentNo, b.intentNo);
    assert.equal(a.amountFen, 35_050);
    await assert.rejects(client.call(ORDER_SERVICE, paymentContracts.createForPayable.pattern, { ...request, amountFen: 1 }), (e: { code: string }) => e.code === 'CONFLICT');
  });

  it('closes an expired intent instead of attempting it, and refuses attempts after that', async () => {
    const intent = await client.call<PaymentIntent>(member(16), paymentContracts.createRecharge.pattern, { amountFen: 10_000 });
    await service.dataSource.getRepository(PaymentIntentEntity).update({ intentNo: intent.intentNo }, { expiresAt: new Date(clock.now().getTime() - 1000) });
    await assert.rejects(attempt(member(16), intent.intentNo, 'wechat'), (e: { code: string; message: string }) => e.code === 'UNPROCESSABLE' && /过期/.test(e.message));
    assert.equal((await client.call<PaymentIntent>(member(16), paymentContracts.get.pattern, { intentNo: intent.intentNo })).status, 'closed');
    await assert.rejects(attempt(member(16), intent.intentNo, 'wechat'), (e: { code: string }) => e.code === 'CONFLICT');
    assert.deepEqual((await transitions(intent.intentNo)).map((t) => t.split(':').slice(0, 2).join(':')), ['∅→created:created', 'created→closed:expired']);
  });

  it('serialises concurrent attempts: 10 at once each get their own out_trade_no, numbered without gaps', async () => {
    const intent = await client.call<PaymentIntent>(member(17), paymentContracts.createRecharge.pattern, { amountFen: 10_000 });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => attempt(member(17), intent.intentNo, 'wechat')));
    const numbers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.outTradeNo] : []));
    assert.equal(new Set(numbers).size, numbers.length, 'no out_trade_no given twice');
    // Row locks serialise them: every one succeeds, 01 … 10.
    assert.deepEqual([...numbers].sort(), Array.from({ length: 10 }, (_, i) => `${intent.intentNo}${String(i + 1).padStart(2, '0')}`));
    const stored = await client.call<PaymentIntent>(member(17), paymentContracts.get.pattern, { intentNo: intent.intentNo });
    assert.deepEqual(stored.attempts.map((a) => a.outTradeNo).sort(), [...numbers].sort());
  });
});
