/**
 * Wallet payments, refunds and reconciliation, end to end on the real services: an order's intent created by its
 * owner (this test speaks for the order service over signed RPC, as the mall will), paid by the member through
 * the gateway with the wallet, WeChat Pay or Alipay; refunds to the original method, once however often asked or
 * notified; payments an intent cannot take returned by themselves; and crashes (SIGKILL) between the wallet debit
 * and the intent's update, and in the relay between delivery and its record, repaired after restart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { memberContracts, paymentContracts, type PaymentIntent, type PaymentStart, type RefundView } from '@fuel/shared';
import type { AlipayNotification, DeliveredNotification } from '@fuel/devkit/standins';
import { signedRpcClient } from '@fuel/devkit/testing';
import { createConnection } from 'mysql2/promise';
import { itLeavesEverythingConsistent, Platform, waitFor } from './platform.js';

const RECONCILE_ENV = { RECONCILE_INTERVAL_MS: '400', RECONCILE_GRACE_MS: '1500' };

describe('wallet payments, refunds and reconciliation', () => {
  let platform: Platform;
  let orderService: ReturnType<typeof signedRpcClient>;
  let member: { id: number; auth: Record<string, string> };
  let seq = 0;

  before(async () => {
    platform = await Platform.start({ env: RECONCILE_ENV });
    orderService = signedRpcClient(platform.rpcPorts.payment, 'order');
    const session = await platform.memberSession('dev-wallet-payer');
    member = { id: session.user.id, auth: { authorization: `Bearer ${session.accessToken}` } };
    await recharge(member.auth, 300_000);
  });

  after(async () => {
    await orderService?.close();
    await platform?.close();
  });

  const asOrder = { kind: 'system' as const, id: 'order' };
  const wallet = async (auth = member.auth) => (await (await platform.request('GET', '/api/v1/me/wallet', { headers: auth })).json()) as { balanceFen: number };
  const intent = async (intentNo: string, auth = member.auth) => (await (await platform.request('GET', `/api/v1/payments/intents/${intentNo}`, { headers: auth })).json()) as PaymentIntent;
  const pay = (intentNo: string, method: string, auth = member.auth) => platform.request('POST', `/api/v1/payments/intents/${intentNo}/attempts`, { json: { method }, headers: auth });
  const newOrderIntent = (amountFen: number, memberId = member.id) =>
    orderService.call<PaymentIntent>(asOrder, paymentContracts.createForPayable.pattern, { payableKind: 'fuel_order', payableRef: `F-e2e-${Date.now()}-${++seq}`, memberId, amountFen, description: '92# 汽油 一键加油', expiresInSeconds: 900 });
  const refund = (intentNo: string, refundNo: string, amountFen: number) => orderService.call<RefundView>(asOrder, paymentContracts.refund.pattern, { intentNo, refundNo, amountFen });
  const wechatNotifications = async (outTradeNo: string) => (await (await fetch(`${platform.wechatPayUrl}/_standin/notifications?out_trade_no=${outTradeNo}`)).json()) as DeliveredNotification[];
  const alipayNotifications = async (outTradeNo: string) => (await (await fetch(`${platform.alipayUrl}/_standin/notifications?out_trade_no=${outTradeNo}`)).json()) as AlipayNotification[];
  const refundDone = (intentNo: string, refundNo: string, auth = member.auth) => waitFor(async () => (await intent(intentNo, auth)).refunds.find((r) => r.refundNo === refundNo)?.status === 'succeeded', 10_000, `refund ${refundNo} done`);
  async function query<T>(service: 'payment' | 'user', sql: string, params: unknown[] = []): Promise<T[]> {
    const connection = await createConnection(platform.databases[service].url);
    try {
      return (await connection.query(sql, params))[0] as T[];
    } finally {
      await connection.end();
    }
  }
  /** Every wallet's balance equals the sum of its ledger. */
  async function assertLedgerSumsEqualBalances(): Promise<void> {
    const rows = await query<{ member_id: number; balance: string; ledger: string }>('user', 'SELECT w.member_id, w.balance_fen AS balance, COALESCE((SELECT SUM(l.amount_fen) FROM wallet_ledger l WHERE l.member_id = w.member_id), 0) AS ledger FROM wallets w');
    for (const row of rows) assert.equal(Number(row.balance), Number(row.ledger), `member ${row.member_id}: balance = Σ ledger`);
  }
  async function recharge(auth: Record<string, string>, amountFen: number): Promise<void> {
    const before = (await wallet(auth)).balanceFen;
    const created = (await (await platform.request('POST', '/api/v1/payments/recharges', { json: { amountFen }, headers: auth })).json()) as PaymentIntent;
    const start = (await (await pay(created.intentNo, 'wechat', auth)).json()) as PaymentStart;
    assert.equal((await fetch(`${platform.wechatPayUrl}/_standin/cashier/${start.wechat!.package.replace('prepay_id=', '')}/pay`, { method: 'POST' })).status, 200);
    await waitFor(async () => (await wallet(auth)).balanceFen === before + amountFen, 10_000, 'recharge credited');
  }

  it('pays an order from the wallet at once: one conditional debit, the intent succeeded, a ledger row referencing it', async () => {
    const before = (await wallet()).balanceFen;
    const order = await newOrderIntent(25_000);
    const paid = await pay(order.intentNo, 'wallet');
    assert.equal(paid.status, 200, await paid.clone().text());
    const start = (await paid.json()) as PaymentStart;
    assert.deepEqual(start.wallet, { status: 'succeeded', balanceAfterFen: before - 25_000 });
    assert.equal((await wallet()).balanceFen, before - 25_000);
    assert.equal((await intent(order.intentNo)).status, 'succeeded');
    const again = await pay(order.intentNo, 'wallet');
    assert.equal(again.status, 409, 'a paid intent cannot be paid again');
    assert.equal((await wallet()).balanceFen, before - 25_000);
    await assertLedgerSumsEqualBalances();
  });

  it('refuses a wallet payment beyond the balance with a clear 422, moves nothing, and lets the member pay another way', async () => {
    const poor = await platform.memberSession('dev-wallet-empty');
    const order = await newOrderIntent(10_000, poor.user.id);
    const auth = { authorization: `Bearer ${poor.accessToken}` };
    const refused = await pay(order.intentNo, 'wallet', auth);
    assert.equal(refused.status, 422);
    assert.equal(((await refused.json()) as { error: { code: string; message: string } }).error.message, '钱包余额不足');
    assert.equal((await intent(order.intentNo, auth)).status, 'failed');
    const wechat = await pay(order.intentNo, 'wechat', auth);
    assert.equal(wechat.status, 200, 'failed → paying with another method');
    assert.equal((await wallet(auth)).balanceFen, 0);
  });

  it('a wallet payment refused for its balance gives its Idempotency-Key back: after a top-up the same request pays, once', async () => {
    const poor = await platform.memberSession('dev-wallet-topped-up');
    const auth = { authorization: `Bearer ${poor.accessToken}` };
    const order = await newOrderIntent(10_000, poor.user.id);
    const payWithKey = () => platform.request('POST', `/api/v1/payments/intents/${order.intentNo}/attempts`, { json: { method: 'wallet' }, headers: { ...auth, 'idempotency-key': 'e2e-topped-up-1' } });
    assert.equal((await payWithKey()).status, 422);
    await platform.rpc('user', memberContracts.credit.pattern, { memberId: poor.user.id, amountFen: 10_000, kind: 'recharge', idempotencyKey: 'e2e-topped-up' }, { kind: 'system', id: 'payment' });
    const paid = await payWithKey();
    assert.equal(paid.status, 200, await paid.clone().text());
    const again = await payWithKey();
    assert.deepEqual(await again.json(), await paid.json(), 'the same request again: the same answer');
    assert.equal((await wallet(auth)).balanceFen, 0, 'debited once');
  });

  it('refunds a wallet payment partly then fully, once per refund number however often asked, back to the wallet', async () => {
    const before = (await wallet()).balanceFen;
    const order = await newOrderIntent(20_000);
    assert.equal((await pay(order.intentNo, 'wallet')).status, 200);
    const asked = await Promise.all([refund(order.intentNo, 'RF-e2e-w1', 5_000), refund(order.intentNo, 'RF-e2e-w1', 5_000), refund(order.intentNo, 'RF-e2e-w1', 5_000)]);
    assert.ok(asked.every((r) => r.refundNo === 'RF-e2e-w1' && r.amountFen === 5_000 && r.method === 'wallet'));
    await refundDone(order.intentNo, 'RF-e2e-w1');
    assert.equal((await intent(order.intentNo)).status, 'partially_refunded');
    await refund(order.intentNo, 'RF-e2e-w1', 5_000);
    await assert.rejects(refund(order.intentNo, 'RF-e2e-w1', 6_000), { code: 'IDEMPOTENCY_KEY_REUSED', message: '退款单号已用于另一笔退款' });
    await assert.rejects(refund(order.intentNo, 'RF-e2e-w2', 15_001), { code: 'UNPROCESSABLE', message: '退款金额超过可退金额' });
    await refund(order.intentNo, 'RF-e2e-w2', 15_000);
    await refundDone(order.intentNo, 'RF-e2e-w2');
    const done = await intent(order.intentNo);
    assert.equal(done.status, 'refunded');
    assert.equal(done.refundedFen, 20_000);
    await waitFor(async () => (await wallet()).balanceFen === before, 5_000, 'the wallet whole again');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await wallet()).balanceFen, before, 'not more');
    const refundRows = await query<{ kind: string }>('user', "SELECT kind FROM wallet_ledger WHERE reference = ? AND kind = 'refund'", [order.intentNo]);
    assert.equal(refundRows.length, 2);
    await assertLedgerSumsEqualBalances();
  });

  it('refunds a WeChat Pay payment once through the provider, however often the refund is asked for or notified', async () => {
    const order = await newOrderIntent(8_800);
    const start = (await (await pay(order.intentNo, 'wechat')).json()) as PaymentStart;
    await fetch(`${platform.wechatPayUrl}/_standin/cashier/${start.wechat!.package.replace('prepay_id=', '')}/pay`, { method: 'POST' });
    await waitFor(async () => (await intent(order.intentNo)).status === 'succeeded', 10_000, 'paid');
    await Promise.all([refund(order.intentNo, 'RF-e2e-wx1', 8_800), refund(order.intentNo, 'RF-e2e-wx1', 8_800)]);
    await refundDone(order.intentNo, 'RF-e2e-wx1');
    // The intent shows the refund as soon as the notification's transaction commits; the stand-in records the
    // acknowledgement when our answer reaches it, a moment later.
    const refundNotifications = async () => (await wechatNotifications(start.outTradeNo)).filter((n) => n.kind === 'REFUND.SUCCESS');
    await waitFor(async () => (await refundNotifications()).some((n) => n.acknowledged), 5_000, 'refund notification acknowledged');
    const refunds = await refundNotifications();
    assert.equal(refunds.length, 1, 'one refund at WeChat');
    // The refund notification delivered again changes nothing.
    const replay = await platform.request('POST', '/api/v1/payments/wechat/notify', { body: refunds[0].body, headers: refunds[0].headers });
    assert.equal(replay.status, 204);
    const done = await intent(order.intentNo);
    assert.equal(done.status, 'refunded');
    assert.equal(done.refunds.length, 1);
  });

  it('refunds an Alipay payment once through the provider', async () => {
    const login = await platform.request('POST', '/api/v1/auth/alipay/login', { json: { code: 'dev-alipay-refund' } });
    const session = (await login.json()) as { accessToken: string; user: { id: number } };
    const auth = { authorization: `Bearer ${session.accessToken}` };
    const order = await newOrderIntent(12_345, session.user.id);
    const start = (await (await pay(order.intentNo, 'alipay', auth)).json()) as PaymentStart;
    await fetch(`${platform.alipayUrl}/_standin/cashier/${start.alipay!.tradeNo}/pay`, { method: 'POST' });
    await waitFor(async () => (await intent(order.intentNo, auth)).status === 'succeeded', 10_000, 'paid');
    await Promise.all([refund(order.intentNo, 'RF-e2e-ali1', 2_345), refund(order.intentNo, 'RF-e2e-ali1', 2_345)]);
    await refundDone(order.intentNo, 'RF-e2e-ali1', auth);
    const refunds = (await alipayNotifications(start.outTradeNo)).filter((n) => n.params.refund_fee !== undefined);
    assert.deepEqual(refunds.map((n) => n.params.refund_fee), ['23.45'], 'one refund at Alipay');
    await waitFor(async () => (await alipayNotifications(start.outTradeNo)).every((n) => n.acknowledged), 5_000, 'refund notification acknowledged');
    assert.equal((await intent(order.intentNo, auth)).status, 'partially_refunded');
  });

  it('returns by itself a payment that arrives for a closed payable', async () => {
    const order = await newOrderIntent(6_600);
    const start = (await (await pay(order.intentNo, 'wechat')).json()) as PaymentStart;
    await query('payment', 'UPDATE payment_intents SET expires_at = ? WHERE intent_no = ?', [new Date(platform.now.getTime() - 60_000), order.intentNo]);
    const late = await pay(order.intentNo, 'wechat');
    assert.equal(late.status, 422, 'an expired intent takes no new attempt');
    assert.equal((await intent(order.intentNo)).status, 'closed');
    // The payer had the cashier open and pays anyway: the money arrives for a closed intent.
    assert.equal((await fetch(`${platform.wechatPayUrl}/_standin/cashier/${start.wechat!.package.replace('prepay_id=', '')}/pay`, { method: 'POST' })).status, 200);
    await refundDone(order.intentNo, `R${start.outTradeNo}`);
    const closed = await intent(order.intentNo);
    assert.equal(closed.status, 'closed');
    assert.deepEqual(closed.refunds.map((r) => [r.reason, r.amountFen, r.method]), [['closed', 6_600, 'wechat']]);
    assert.equal((await wechatNotifications(start.outTradeNo)).filter((n) => n.kind === 'REFUND.SUCCESS').length, 1);
  });

  it('reconciliation closes an abandoned attempt at the provider and the expired intent', async () => {
    const order = await newOrderIntent(3_300);
    const start = (await (await pay(order.intentNo, 'alipay', member.auth)).json().catch(() => ({}))) as PaymentStart;
    assert.equal(start.alipay, undefined, 'a WeChat member has no Alipay');
    const wechat = (await (await pay(order.intentNo, 'wechat')).json()) as PaymentStart;
    await query('payment', 'UPDATE payment_intents SET expires_at = ? WHERE intent_no = ?', [new Date(platform.now.getTime() - 60_000), order.intentNo]);
    await waitFor(async () => (await intent(order.intentNo)).status === 'closed', 15_000, 'the intent closed by reconciliation');
    const closedAtProvider = await fetch(`${platform.wechatPayUrl}/_standin/cashier/${wechat.wechat!.package.replace('prepay_id=', '')}/pay`, { method: 'POST' });
    assert.equal(closedAtProvider.status, 409, 'closed at WeChat: the payer can no longer pay it');
    await waitFor(() => platform.logs('payment').some((line) => line.includes('reconciliation repaired') && line.includes(wechat.outTradeNo) && line.includes('attempt-closed-at-provider')), 5_000, 'the repair logged');
  });

  it('uses the order’s coupon and earns points when paid; refunds take the points back and return the coupon once fully refunded', async () => {
    const points = async () => ((await (await platform.request('GET', '/api/v1/me', { headers: member.auth })).json()) as { points: number }).points;
    const couponStatus = async (id: number) => (await query<{ status: string }>('user', 'SELECT status FROM coupons WHERE id = ?', [id]))[0].status;
    const [coupon] = await query<{ id: number }>('user', "SELECT id FROM coupons WHERE member_id = ? AND status = 'available' ORDER BY id LIMIT 1", [member.id]);
    const orderRef = `F-e2e-coupon-${Date.now()}`;
    // What the order service does when the order is placed: the coupon held for it, the payable amount after it.
    await platform.rpc('user', 'user.coupons.lock', { memberId: member.id, couponIds: [coupon.id], orderRef, basket: { kind: 'fuel', grade: '92', amountFen: 20_000 } }, asOrder);
    assert.equal(await couponStatus(coupon.id), 'locked');
    // Earlier tests' points settle first (their benefit events are in flight).
    const benefitsPending = async () => Number((await query<{ n: number }>('payment', "SELECT COUNT(*) AS n FROM outbox_events WHERE published_at IS NULL AND topic LIKE 'payment.benefits.%'"))[0].n);
    await waitFor(async () => (await benefitsPending()) === 0, 10_000, 'earlier benefits applied');
    const before = await points();
    const order = await orderService.call<PaymentIntent>(asOrder, paymentContracts.createForPayable.pattern, { payableKind: 'fuel_order', payableRef: orderRef, memberId: member.id, amountFen: 18_550, description: '92# 汽油 一键加油', couponIds: [coupon.id] });
    assert.equal((await pay(order.intentNo, 'wallet')).status, 200);
    await waitFor(async () => (await points()) === before + 185, 10_000, 'points earned on the ¥185.50 paid');
    await waitFor(async () => (await couponStatus(coupon.id)) === 'used', 5_000, 'the coupon used');
    await refund(order.intentNo, 'RF-e2e-pts1', 8_525);
    await waitFor(async () => (await points()) === before + 100, 10_000, 'points for the refunded yuan taken back (¥185.50 → ¥100.25 still paid: 85)');
    assert.equal(await couponStatus(coupon.id), 'used', 'a partial refund keeps the coupon used');
    await refund(order.intentNo, 'RF-e2e-pts2', 10_025);
    await waitFor(async () => (await points()) === before, 10_000, 'all the points back');
    await waitFor(async () => (await couponStatus(coupon.id)) === 'available', 10_000, 'the coupon back in the card pack');
    await refund(order.intentNo, 'RF-e2e-pts2', 10_025);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await points(), before, 'a repeated refund request takes nothing more');
  });

  it('keeps refunds to the payable’s owner service', async () => {
    const order = await newOrderIntent(1_000);
    assert.equal((await pay(order.intentNo, 'wallet')).status, 200);
    const mapService = signedRpcClient(platform.rpcPorts.payment, 'map');
    try {
      await assert.rejects(mapService.call({ kind: 'system', id: 'map' }, paymentContracts.refund.pattern, { intentNo: order.intentNo, refundNo: 'RF-e2e-map1', amountFen: 1_000 }), { code: 'FORBIDDEN' });
      await assert.rejects(mapService.call({ kind: 'member', id: String(member.id) }, paymentContracts.refund.pattern, { intentNo: order.intentNo, refundNo: 'RF-e2e-mem1', amountFen: 1_000 }), { code: 'FORBIDDEN' });
    } finally {
      await mapService.close();
    }
    await assert.rejects(refund(order.intentNo, 'bad no', 1_000), { code: 'VALIDATION_FAILED' });
    assert.equal((await intent(order.intentNo)).refunds.length, 0);
  });

  it('after a SIGKILL between the wallet debit and the intent’s update, reconciliation completes the payment; the ledger sums equal the balances', async () => {
    const before = (await wallet()).balanceFen;
    await platform.stopService('payment');
    await platform.startInstance('payment', 'payment', platform.rpcPorts.payment, { ...RECONCILE_ENV, FAILPOINTS: 'payment.after-wallet-debit' });
    const order = await newOrderIntent(4_400);
    const crashed = await pay(order.intentNo, 'wallet');
    assert.ok(crashed.status >= 500, `the payment service died mid-payment: ${crashed.status}`);
    assert.equal((await wallet()).balanceFen, before - 4_400, 'the debit committed before the crash');
    await waitFor(() => platform.procs.get('payment')!.child.signalCode === 'SIGKILL', 5_000, 'killed');
    await platform.startInstance('payment', 'payment', platform.rpcPorts.payment, RECONCILE_ENV);
    await waitFor(async () => (await intent(order.intentNo)).status === 'succeeded', 15_000, 'reconciliation found the debit');
    assert.equal((await wallet()).balanceFen, before - 4_400, 'debited once');
    await waitFor(() => platform.logs('payment').some((line) => line.includes('reconciliation repaired') && line.includes('wallet-debit-found')), 5_000, 'the repair logged');
    await assertLedgerSumsEqualBalances();
  });

  it('after a SIGKILL of the relay between delivering an event and recording it, the restarted relay delivers it again and the consumer applies it once', async () => {
    const before = (await wallet()).balanceFen;
    await platform.stopService('payment');
    await platform.startInstance('payment', 'payment', platform.rpcPorts.payment, { ...RECONCILE_ENV, FAILPOINTS: 'outbox.after-handler' });
    const created = (await (await platform.request('POST', '/api/v1/payments/recharges', { json: { amountFen: 10_000 }, headers: member.auth })).json()) as PaymentIntent;
    const start = (await (await pay(created.intentNo, 'wechat')).json()) as PaymentStart;
    await fetch(`${platform.wechatPayUrl}/_standin/cashier/${start.wechat!.package.replace('prepay_id=', '')}/pay`, { method: 'POST' });
    await waitFor(() => platform.procs.get('payment')!.child.signalCode === 'SIGKILL', 10_000, 'the relay killed after delivering');
    await waitFor(async () => (await wallet()).balanceFen === before + 10_000, 5_000, 'the credit delivered before the crash');
    const unpublished = async () => Number((await query<{ n: number }>('payment', 'SELECT COUNT(*) AS n FROM outbox_events WHERE published_at IS NULL AND aggregate_id = ?', [created.intentNo]))[0].n);
    assert.equal(await unpublished(), 1, 'delivered but not recorded as published');
    await platform.startInstance('payment', 'payment', platform.rpcPorts.payment, RECONCILE_ENV);
    // The dead relay's lock lapses first (its TTL), then the new one takes over.
    await waitFor(async () => (await unpublished()) === 0, 25_000, 'published after restart');
    assert.equal((await wallet()).balanceFen, before + 10_000, 'credited once');
    await assertLedgerSumsEqualBalances();
  });

  itLeavesEverythingConsistent(() => platform);

});
