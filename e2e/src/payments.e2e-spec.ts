/**
 * A wallet recharge paid with WeChat Pay, end to end: the member's intent through the gateway, the prepay at the
 * WeChat Pay stand-in, the payer at its cashier, the signed and encrypted notification to the gateway's public
 * route, the payment service's checks, and the outbox event that credits the wallet — once, however often the
 * notification comes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aeadEncrypt, alipaySignContent, signRsa2, platformHeaders, type PaymentIntent, type PaymentStart } from '@fuel/shared';
import { DEV_ALIPAY_APP_ID, DEV_ALIPAY_PLATFORM_PRIVATE_KEY, DEV_ALIPAY_SELLER_ID, DEV_WECHAT_APP_ID, DEV_WECHATPAY_API_V3_KEY, DEV_WECHATPAY_MCH_ID, DEV_WECHATPAY_PLATFORM_PRIVATE_KEY, DEV_WECHATPAY_PLATFORM_SERIAL } from '@fuel/devkit';
import type { AlipayNotification, DeliveredNotification } from '@fuel/devkit/standins';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parser as promql } from '@prometheus-io/lezer-promql';
import { parse } from 'yaml';
import { itLeavesEverythingConsistent, metricValue, Platform, repoRoot, waitFor } from './platform.js';

describe('wallet recharge with WeChat Pay through the gateway', () => {
  let platform: Platform;
  let auth: Record<string, string>;

  before(async () => {
    platform = await Platform.start();
    const session = await platform.memberSession('dev-payer');
    auth = { authorization: `Bearer ${session.accessToken}` };
  });

  after(async () => {
    await platform?.close();
  });

  const wallet = async () => (await (await platform.request('GET', '/api/v1/me/wallet', { headers: auth })).json()) as { balanceFen: number; totalRechargedFen: number };
  const notificationsFor = async (outTradeNo: string) => (await (await fetch(`${platform.wechatPayUrl}/_standin/notifications?out_trade_no=${outTradeNo}`)).json()) as DeliveredNotification[];
  /** A notification built and signed as the platform would (the stand-in's development keys). */
  const signedNotification = (resource: Record<string, unknown>, options: { now?: Date } = {}) => {
    const body = JSON.stringify({ id: `e2e-${String(resource.out_trade_no)}`, create_time: '2026-11-29T10:00:00+08:00', resource_type: 'encrypt-resource', event_type: 'TRANSACTION.SUCCESS', summary: '支付成功', resource: aeadEncrypt(DEV_WECHATPAY_API_V3_KEY, JSON.stringify(resource), 'transaction') });
    return { body, headers: platformHeaders(DEV_WECHATPAY_PLATFORM_PRIVATE_KEY, DEV_WECHATPAY_PLATFORM_SERIAL, body, options.now) };
  };
  const notify = (body: string, headers: Record<string, string>) => platform.request('POST', '/api/v1/payments/wechat/notify', { body, headers: { 'content-type': 'application/json', ...headers } });

  async function rechargeAndPay(amountFen: number): Promise<{ intent: PaymentIntent; start: PaymentStart }> {
    const created = await platform.request('POST', '/api/v1/payments/recharges', { json: { amountFen }, headers: auth });
    assert.equal(created.status, 201, await created.clone().text());
    const intent = (await created.json()) as PaymentIntent;
    const started = await platform.request('POST', `/api/v1/payments/intents/${intent.intentNo}/attempts`, { json: { method: 'wechat' }, headers: auth });
    assert.equal(started.status, 200, await started.clone().text());
    const start = (await started.json()) as PaymentStart;
    const paid = await fetch(`${platform.wechatPayUrl}/_standin/cashier/${start.wechat!.package.replace('prepay_id=', '')}/pay`, { method: 'POST' });
    assert.equal(paid.status, 200);
    return { intent, start };
  }

  it('recharges 3000 CNY: the notification credits the wallet and the member becomes 黄金', async () => {
    const { intent, start } = await rechargeAndPay(300_000);
    assert.equal(start.outTradeNo, `${intent.intentNo}01`);
    assert.equal(start.wechat!.signType, 'RSA');
    await waitFor(async () => (await wallet()).balanceFen === 300_000, 10_000, 'the wallet credited');
    const me = (await (await platform.request('GET', '/api/v1/me', { headers: auth })).json()) as { tier: string };
    assert.equal(me.tier, 'gold');
    const stored = (await (await platform.request('GET', `/api/v1/payments/intents/${intent.intentNo}`, { headers: auth })).json()) as PaymentIntent;
    assert.equal(stored.status, 'succeeded');
    // Acknowledged once our answer reaches the stand-in, which may be a moment after the credit commits.
    await waitFor(async () => (await notificationsFor(start.outTradeNo))[0].acknowledged, 5_000, 'the notification acknowledged');
    const [delivered] = await notificationsFor(start.outTradeNo);
    assert.equal(delivered.answers.at(-1), 204);
  });

  it('credits exactly once when one notification is delivered 10 times, the first 5 at once before any was applied', async () => {
    const created = (await (await platform.request('POST', '/api/v1/payments/recharges', { json: { amountFen: 10_000 }, headers: auth })).json()) as PaymentIntent;
    const start = (await (await platform.request('POST', `/api/v1/payments/intents/${created.intentNo}/attempts`, { json: { method: 'wechat' }, headers: auth })).json()) as PaymentStart;
    const paid = signedNotification({ mchid: DEV_WECHATPAY_MCH_ID, appid: DEV_WECHAT_APP_ID, out_trade_no: start.outTradeNo, transaction_id: '4200000000000000000000000099', trade_state: 'SUCCESS', amount: { total: 10_000 } });
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => notify(paid.body, paid.headers)));
    const serial: number[] = [];
    for (let i = 0; i < 5; i++) serial.push((await notify(paid.body, paid.headers)).status);
    assert.deepEqual([...concurrent.map((r) => r.status), ...serial], Array(10).fill(204));
    await waitFor(async () => (await wallet()).balanceFen === 310_000, 10_000, 'the wallet credited');
    // One credit in the ledger for this intent, and one payment.succeeded in the outbox.
    const records = (await (await platform.request('GET', '/api/v1/me/wallet/records?kind=recharge', { headers: auth })).json()) as { items: Array<{ reference: string | null }> };
    assert.equal(records.items.filter((r) => r.reference === created.intentNo).length, 1);
    assert.equal((await wallet()).totalRechargedFen, 310_000);
  });

  it('a payable paid twice (two devices) is credited once, and the second payment goes back to the payer by itself', async () => {
    const before = (await wallet()).balanceFen;
    const created = (await (await platform.request('POST', '/api/v1/payments/recharges', { json: { amountFen: 20_000 }, headers: auth })).json()) as PaymentIntent;
    const attempt = async () => (await (await platform.request('POST', `/api/v1/payments/intents/${created.intentNo}/attempts`, { json: { method: 'wechat' }, headers: auth })).json()) as PaymentStart;
    const [phone, tablet] = [await attempt(), await attempt()];
    for (const start of [phone, tablet]) {
      assert.equal((await fetch(`${platform.wechatPayUrl}/_standin/cashier/${start.wechat!.package.replace('prepay_id=', '')}/pay`, { method: 'POST' })).status, 200);
    }
    await waitFor(async () => (await wallet()).balanceFen === before + 20_000, 10_000, 'one credit');
    const intentNow = async () => (await (await platform.request('GET', `/api/v1/payments/intents/${created.intentNo}`, { headers: auth })).json()) as PaymentIntent;
    await waitFor(async () => (await intentNow()).refunds.some((r) => r.status === 'succeeded'), 10_000, 'the second payment refunded');
    const { refunds, status } = await intentNow();
    assert.equal(status, 'succeeded', 'the intent keeps the payment it took');
    assert.equal(refunds.length, 1);
    assert.equal(refunds[0].reason, 'overpaid');
    assert.equal(refunds[0].amountFen, 20_000);
    // The refund went back through the attempt that was not taken (whichever notification came second).
    const refundedAttempt = refunds[0].refundNo.slice(1);
    assert.ok([phone.outTradeNo, tablet.outTradeNo].includes(refundedAttempt));
    assert.equal((await notificationsFor(refundedAttempt)).filter((n) => n.kind === 'REFUND.SUCCESS').length, 1);
    assert.equal((await wallet()).balanceFen, before + 20_000, 'not two credits');
  });

  it('refuses a notification with a bad signature, a stale timestamp, a tampered ciphertext, a wrong amount, merchant or app, or an unknown out_trade_no, in WeChat’s shape, changing nothing, and logs each', async () => {
    const created = (await (await platform.request('POST', '/api/v1/payments/recharges', { json: { amountFen: 50_000 }, headers: auth })).json()) as PaymentIntent;
    const start = (await (await platform.request('POST', `/api/v1/payments/intents/${created.intentNo}/attempts`, { json: { method: 'wechat' }, headers: auth })).json()) as PaymentStart;
    const before = await wallet();
    const forged = signedNotification;
    const paidResource = { mchid: DEV_WECHATPAY_MCH_ID, appid: DEV_WECHAT_APP_ID, out_trade_no: start.outTradeNo, transaction_id: '4200000000000000000000000001', trade_state: 'SUCCESS', amount: { total: 50_000 } };
    const cases: Array<[string, { body: string; headers: Record<string, string> }]> = [
      ['wrong amount', forged({ ...paidResource, amount: { total: 1 } })],
      ['wrong merchant', forged({ ...paidResource, mchid: '1900000999' })],
      ['wrong app', forged({ ...paidResource, appid: 'wx0000000000000bad' })],
      ['unknown out_trade_no', forged({ ...paidResource, out_trade_no: 'P20261129ZZZZZZZZ01' })],
      ['stale timestamp', forged(paidResource, { now: new Date(Date.now() - 10 * 60_000) })],
    ];
    const good = forged(paidResource);
    cases.push(['bad signature', { body: good.body.replace('支付成功', '支付成功!'), headers: good.headers }]);
    const event = JSON.parse(good.body) as { resource: { ciphertext: string } };
    const bytes = Buffer.from(event.resource.ciphertext, 'base64');
    bytes[5] ^= 0x20;
    const tamperedBody = JSON.stringify({ ...event, resource: { ...event.resource, ciphertext: bytes.toString('base64') } });
    cases.push(['tampered ciphertext', { body: tamperedBody, headers: platformHeaders(DEV_WECHATPAY_PLATFORM_PRIVATE_KEY, DEV_WECHATPAY_PLATFORM_SERIAL, tamperedBody) }]);
    for (const [what, notification] of cases) {
      const response = await notify(notification.body, notification.headers);
      assert.equal(response.status, 400, what);
      assert.deepEqual(await response.json(), { code: 'FAIL', message: '通知校验失败' }, what);
    }
    assert.deepEqual(await wallet(), before, 'nothing credited');
    const intent = (await (await platform.request('GET', `/api/v1/payments/intents/${created.intentNo}`, { headers: auth })).json()) as PaymentIntent;
    assert.equal(intent.status, 'paying');
    const refusals = () => platform.logs('payment').filter((line) => line.includes('payment notification refused'));
    for (const reason of ['amount-mismatch', 'wrong-merchant', 'unknown', 'stale', 'bad-signature', 'undecryptable']) {
      await waitFor(() => refusals().some((line) => line.includes(`"reason":"${reason}"`)), 5_000, `the refusal logged: ${reason}`);
    }
    // The genuine one still goes through.
    assert.equal((await notify(good.body, good.headers)).status, 204);
    await waitFor(async () => (await wallet()).balanceFen === before.balanceFen + 50_000, 10_000, 'the genuine notification credited');
  });

  it('keeps payments to their member, validates input, and refuses the routes without a member token', async () => {
    const mine = (await (await platform.request('POST', '/api/v1/payments/recharges', { json: { amountFen: 10_000 }, headers: auth })).json()) as PaymentIntent;
    const other = await platform.memberSession('dev-payer-other');
    const otherAuth = { authorization: `Bearer ${other.accessToken}` };
    assert.equal((await platform.request('GET', `/api/v1/payments/intents/${mine.intentNo}`, { headers: otherAuth })).status, 403);
    assert.equal((await platform.request('POST', `/api/v1/payments/intents/${mine.intentNo}/attempts`, { json: { method: 'wechat' }, headers: otherAuth })).status, 403);
    // A wallet attempt is checked on the intent it locks, in the attempt's transaction: refused before anything changes.
    assert.equal((await platform.request('POST', `/api/v1/payments/intents/${mine.intentNo}/attempts`, { json: { method: 'wallet' }, headers: otherAuth })).status, 403);
    const untouched = (await (await platform.request('GET', `/api/v1/payments/intents/${mine.intentNo}`, { headers: auth })).json()) as PaymentIntent;
    assert.deepEqual([untouched.status, untouched.attempts], ['created', []], 'the refused attempts changed nothing');
    assert.equal((await platform.request('GET', `/api/v1/payments/intents/${mine.intentNo}`)).status, 401);
    assert.equal((await platform.request('POST', '/api/v1/payments/recharges', { json: { amountFen: 10_000 } })).status, 401);
    const tooSmall = await platform.request('POST', '/api/v1/payments/recharges', { json: { amountFen: 999 }, headers: auth });
    assert.equal(tooSmall.status, 400);
    assert.equal(((await tooSmall.json()) as { error: { details: { fields: Array<{ field: string }> } } }).error.details.fields[0].field, 'body.amountFen');
    assert.equal((await platform.request('POST', '/api/v1/payments/recharges', { json: { amountFen: 10_000, memberId: 1 }, headers: auth })).status, 400, 'no other fields, the member comes from the token');
    assert.equal((await platform.request('GET', '/api/v1/payments/intents/not-a-number', { headers: auth })).status, 400);
    const staff = await platform.staffToken('manager.cd-jj-01', '13800000002');
    assert.equal((await platform.request('POST', '/api/v1/payments/recharges', { json: { amountFen: 10_000 }, headers: { authorization: `Bearer ${staff}` } })).status, 403);
  });

  it('counts what happened in Prometheus metrics on the operations port, not the public one', async () => {
    const accepted = async () => metricValue(await platform.metrics('payment'), 'fuel_payment_notifications_total', { provider: 'wechat', outcome: 'accepted' });
    const before = await accepted();
    const { intent } = await rechargeAndPay(10_000);
    await waitFor(async () => (await accepted()) > before, 10_000, 'the accepted notification counted');
    const payment = await platform.metrics('payment');
    assert.ok(metricValue(payment, 'fuel_payment_notifications_total', { provider: 'wechat', outcome: 'refused:bad-signature' }) >= 1, 'refusals counted by reason');
    assert.ok(metricValue(payment, 'fuel_rpc_server_calls_total', { pattern: 'payment.intents.start-attempt', outcome: 'ok' }) >= 1);
    assert.ok(metricValue(payment, 'fuel_rpc_server_duration_seconds_count', { pattern: 'payment.intents.start-attempt' }) >= 1);
    assert.match(payment, /^fuel_outbox_backlog\{service="payment"\} \d+$/m);
    assert.match(payment, /^fuel_outbox_oldest_age_seconds\{service="payment"\} [\d.]+$/m);
    const pooled = metricValue(payment, 'fuel_db_pool_connections', { role: 'primary', state: 'idle' }) + metricValue(payment, 'fuel_db_pool_connections', { role: 'primary', state: 'in_use' });
    assert.ok(pooled >= 1, 'the database pool has opened connections for the flow');
    assert.equal(metricValue(payment, 'fuel_db_pool_waiting', { role: 'primary' }), 0);
    assert.match(payment, /^process_cpu_seconds_total\{service="payment"\} /m);
    const gateway = await platform.metrics('gateway');
    assert.ok(metricValue(gateway, 'fuel_http_requests_total', { method: 'POST', route: '/api/v1/payments/recharges', status: '201' }) >= 2);
    assert.ok(metricValue(gateway, 'fuel_http_requests_total', { route: '/api/v1/payments/wechat/notify', status: '400' }) >= 1, 'refused notifications at the gateway');
    assert.ok(metricValue(gateway, 'fuel_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/payments/intents/:intentNo/attempts' }) >= 2, 'latency by route template');
    assert.doesNotMatch(gateway, new RegExp(intent.intentNo), 'routes by template, never an id');
    assert.equal((await platform.request('GET', '/metrics')).status, 404, 'not on the public port');
  });

  it('alert rules parse as PromQL and watch only metrics the processes expose', async () => {
    const exposed = new Set<string>();
    for (const name of ['gateway', 'user', 'order', 'payment', 'map']) {
      for (const match of (await platform.metrics(name)).matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
        exposed.add(match[1]!);
        if (match[2] === 'histogram') for (const suffix of ['_bucket', '_count', '_sum']) exposed.add(`${match[1]}${suffix}`);
      }
    }
    const rules = parse(readFileSync(join(repoRoot, 'deploy/prometheus/fuel-alerts.yml'), 'utf8')) as { groups: Array<{ rules: Array<{ alert: string; expr: string; labels?: { severity?: string }; annotations?: { summary?: string } }> }> };
    const alerts = rules.groups.flatMap((group) => group.rules);
    assert.deepEqual(alerts.map((rule) => rule.alert).sort(), ['FuelAdmissionRefusals', 'FuelDatabasePoolExhausted', 'FuelGateway5xxRate', 'FuelOutboxBacklogOld', 'FuelPaymentNotificationsRefused', 'FuelReconciliationRepairs', 'FuelReplicaLagFallback']);
    for (const rule of alerts) {
      const tree = promql.parse(rule.expr);
      const names: string[] = [];
      let errors = 0;
      tree.iterate({
        enter: (node) => {
          if (node.type.isError) errors++;
          if (node.type.name === 'Identifier' && node.node.parent?.type.name === 'VectorSelector') names.push(rule.expr.slice(node.from, node.to));
        },
      });
      assert.equal(errors, 0, `${rule.alert}: ${rule.expr}`);
      assert.ok(names.length > 0, rule.alert);
      for (const metric of names) assert.ok(exposed.has(metric), `${rule.alert}: ${metric} is exposed`);
      assert.ok(rule.labels?.severity && rule.annotations?.summary, `${rule.alert}: severity and summary`);
    }
  });
});

describe('wallet recharge with Alipay through the gateway', () => {
  let platform: Platform;
  let auth: Record<string, string>;

  before(async () => {
    platform = await Platform.start();
    const login = await platform.request('POST', '/api/v1/auth/alipay/login', { json: { code: 'dev-alipay-payer' } });
    assert.equal(login.status, 200, await login.clone().text());
    auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
  });

  after(async () => {
    await platform?.close();
  });

  const wallet = async () => (await (await platform.request('GET', '/api/v1/me/wallet', { headers: auth })).json()) as { balanceFen: number; totalRechargedFen: number };
  const notificationsFor = async (outTradeNo: string) => (await (await fetch(`${platform.alipayUrl}/_standin/notifications?out_trade_no=${outTradeNo}`)).json()) as AlipayNotification[];
  /** A notification signed as Alipay signs it (the stand-in's development platform key): without sign and sign_type. */
  const signed = (params: Record<string, string>) => new URLSearchParams({ ...params, sign_type: 'RSA2', sign: signRsa2(alipaySignContent(params), DEV_ALIPAY_PLATFORM_PRIVATE_KEY) }).toString();
  const notify = async (body: string) => {
    const response = await platform.request('POST', '/api/v1/payments/alipay/notify', { body, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } });
    assert.equal(response.status, 200);
    return response.text();
  };
  async function startRecharge(amountFen: number): Promise<{ intent: PaymentIntent; start: PaymentStart }> {
    const intent = (await (await platform.request('POST', '/api/v1/payments/recharges', { json: { amountFen }, headers: auth })).json()) as PaymentIntent;
    const started = await platform.request('POST', `/api/v1/payments/intents/${intent.intentNo}/attempts`, { json: { method: 'alipay' }, headers: auth });
    assert.equal(started.status, 200, await started.clone().text());
    return { intent, start: (await started.json()) as PaymentStart };
  }
  const paidParams = (outTradeNo: string, totalAmount: string) => ({
    notify_time: '2026-11-29 18:00:00',
    notify_type: 'trade_status_sync',
    notify_id: `e2e${outTradeNo}`,
    app_id: DEV_ALIPAY_APP_ID,
    charset: 'utf-8',
    version: '1.0',
    trade_no: '2026112922001400000000000099',
    out_trade_no: outTradeNo,
    buyer_id: '2088000000000099',
    seller_id: DEV_ALIPAY_SELLER_ID,
    trade_status: 'TRADE_SUCCESS',
    total_amount: totalAmount,
    subject: '钱包充值',
  });

  it('recharges 3000 CNY at the Alipay cashier: the signed notification credits the wallet and the member becomes 黄金', async () => {
    const { intent, start } = await startRecharge(300_000);
    assert.equal(start.method, 'alipay');
    assert.match(start.alipay!.tradeNo, /^\d{20,32}$/);
    assert.equal((await fetch(`${platform.alipayUrl}/_standin/cashier/${start.alipay!.tradeNo}/pay`, { method: 'POST' })).status, 200);
    await waitFor(async () => (await wallet()).balanceFen === 300_000, 10_000, 'the wallet credited');
    const me = (await (await platform.request('GET', '/api/v1/me', { headers: auth })).json()) as { tier: string };
    assert.equal(me.tier, 'gold');
    const stored = (await (await platform.request('GET', `/api/v1/payments/intents/${intent.intentNo}`, { headers: auth })).json()) as PaymentIntent;
    assert.equal(stored.status, 'succeeded');
    await waitFor(async () => (await notificationsFor(start.outTradeNo))[0]?.acknowledged === true, 5_000, 'acknowledged with "success"');
  });

  it('credits exactly once when one notification is delivered 10 times, the first 5 at once', async () => {
    const before = (await wallet()).balanceFen;
    const { intent, start } = await startRecharge(10_000);
    const body = signed(paidParams(start.outTradeNo, '100.00'));
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => notify(body)));
    const serial: string[] = [];
    for (let i = 0; i < 5; i++) serial.push(await notify(body));
    assert.deepEqual([...concurrent, ...serial], Array(10).fill('success'));
    await waitFor(async () => (await wallet()).balanceFen === before + 10_000, 10_000, 'the wallet credited');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal((await wallet()).balanceFen, before + 10_000, 'once');
    const records = (await (await platform.request('GET', '/api/v1/me/wallet/records?kind=recharge', { headers: auth })).json()) as { items: Array<{ reference: string | null }> };
    assert.equal(records.items.filter((r) => r.reference === intent.intentNo).length, 1);
  });

  it('refuses an unsigned or forged notification, a wrong amount, app or seller, or an unknown out_trade_no with "fail", changing nothing, and logs each', async () => {
    const { intent, start } = await startRecharge(50_000);
    const before = await wallet();
    const genuine = paidParams(start.outTradeNo, '500.00');
    const cases: Array<[string, string]> = [
      ['wrong amount', signed({ ...genuine, total_amount: '0.01' })],
      ['wrong app', signed({ ...genuine, app_id: '2021000000009999' })],
      ['wrong seller', signed({ ...genuine, seller_id: '2088000000009999' })],
      ['unknown out_trade_no', signed({ ...genuine, out_trade_no: 'P20261129ZZZZZZZZ01' })],
      ['bad signature', signed(genuine).replace('total_amount=500.00', 'total_amount=5000.00')],
      ['unsigned', new URLSearchParams(genuine).toString()],
    ];
    for (const [what, body] of cases) assert.equal(await notify(body), 'fail', what);
    assert.deepEqual(await wallet(), before, 'nothing credited');
    assert.equal(((await (await platform.request('GET', `/api/v1/payments/intents/${intent.intentNo}`, { headers: auth })).json()) as PaymentIntent).status, 'paying');
    const refusals = () => platform.logs('payment').filter((line) => line.includes('payment notification refused') && line.includes('"provider":"alipay"'));
    for (const reason of ['amount-mismatch', 'wrong-merchant', 'unknown', 'bad-signature', 'unsigned']) {
      await waitFor(() => refusals().some((line) => line.includes(`"reason":"${reason}"`)), 5_000, `the refusal logged: ${reason}`);
    }
    assert.equal(await notify(signed(genuine)), 'success', 'the genuine one still goes through');
    await waitFor(async () => (await wallet()).balanceFen === before.balanceFen + 50_000, 10_000, 'the genuine notification credited');
  });

  it('offers each member the provider they signed in with', async () => {
    const intent = (await (await platform.request('POST', '/api/v1/payments/recharges', { json: { amountFen: 10_000 }, headers: auth })).json()) as PaymentIntent;
    const wechat = await platform.request('POST', `/api/v1/payments/intents/${intent.intentNo}/attempts`, { json: { method: 'wechat' }, headers: auth });
    assert.equal(wechat.status, 422);
    assert.match(((await wechat.json()) as { error: { message: string } }).error.message, /微信小程序/);
    const wechatMember = await platform.memberSession('dev-wechat-only');
    const theirs = (await (await platform.request('POST', '/api/v1/payments/recharges', { json: { amountFen: 10_000 }, headers: { authorization: `Bearer ${wechatMember.accessToken}` } })).json()) as PaymentIntent;
    const alipay = await platform.request('POST', `/api/v1/payments/intents/${theirs.intentNo}/attempts`, { json: { method: 'alipay' }, headers: { authorization: `Bearer ${wechatMember.accessToken}` } });
    assert.equal(alipay.status, 422);
  });

  itLeavesEverythingConsistent(() => platform);

});
