/**
 * The WeChat Pay client (wechatpay-node-v3 behind our transport) against the stand-in over HTTP: request
 * signatures, prepay and the requestPayment parameters, query and close, and notifications — signed, encrypted,
 * retried until acknowledged — verified and decrypted, or refused when anything is off.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, createVerify } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { createLogger, platformHeaders } from '@fuel/shared';
import { DEV_WECHAT_APP_ID, DEV_WECHATPAY_API_V3_KEY, DEV_WECHATPAY_MCH_ID, DEV_WECHATPAY_MERCHANT_CERT, DEV_WECHATPAY_MERCHANT_PRIVATE_KEY, DEV_WECHATPAY_PLATFORM_PRIVATE_KEY, DEV_WECHATPAY_PLATFORM_SERIAL } from '@fuel/devkit';
import { devWechatPayStandInOptions, startWechatPayStandIn, type DeliveredNotification } from '@fuel/devkit/standins';
import { freePort } from '@fuel/devkit/testing';
import { WechatPayClient, type WechatPayConfig } from '../src/infra/adapters/wechatpay/wechat-pay.client.js';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe('WeChat Pay client against the stand-in', () => {
  let standin: Awaited<ReturnType<typeof startWechatPayStandIn>>;
  let notifyServer: Server;
  const received: Received[] = [];
  let answers: number[] = []; // what the merchant answers next (204 when empty)
  let config: WechatPayConfig;
  let client: WechatPayClient;
  const logger = createLogger('wechatpay-test', 'silent');
  const order = (outTradeNo: string, amountFen = 300_000) => ({ outTradeNo, description: '钱包充值 ¥3000', amountFen, openid: 'o-dev-payer', expiresAt: new Date(Date.now() + 30 * 60_000) });
  const cashier = (prepayId: string, action: 'pay' | 'fail' | 'cancel') => fetch(`${standin.url}/_standin/cashier/${prepayId}/${action}`, { method: 'POST' });
  const prepayIdOf = (pkg: string) => pkg.replace('prepay_id=', '');
  const notificationsFor = async (outTradeNo: string) => (await (await fetch(`${standin.url}/_standin/notifications?out_trade_no=${outTradeNo}`)).json()) as DeliveredNotification[];
  const waitFor = async <T>(what: () => Promise<T | undefined>, ms = 5000): Promise<T> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await what();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  before(async () => {
    const notifyPort = await freePort();
    notifyServer = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(answers.shift() ?? 204);
        res.end();
      });
    });
    await new Promise<void>((resolve) => notifyServer.listen(notifyPort, '127.0.0.1', resolve));
    standin = await startWechatPayStandIn(devWechatPayStandInOptions(await freePort(), { retryDelaysMs: [30, 30, 30] }));
    config = {
      apiBase: standin.url,
      appId: DEV_WECHAT_APP_ID,
      mchId: DEV_WECHATPAY_MCH_ID,
      apiV3Key: DEV_WECHATPAY_API_V3_KEY,
      merchantCert: DEV_WECHATPAY_MERCHANT_CERT,
      merchantPrivateKey: DEV_WECHATPAY_MERCHANT_PRIVATE_KEY,
      notifyUrl: `http://127.0.0.1:${notifyPort}/api/v1/payments/wechat/notify`,
      timeoutMs: 3000,
    };
    client = new WechatPayClient(config, logger);
  });

  after(() => {
    standin?.server.close();
    notifyServer?.close();
  });

  it('prepays and returns requestPayment parameters signed with the merchant key', async () => {
    const params = await client.prepay(order('P20261129WXTEST0101'));
    assert.equal(params.appId, DEV_WECHAT_APP_ID);
    assert.match(params.package, /^prepay_id=wx[0-9a-f]{30}$/);
    assert.equal(params.signType, 'RSA');
    const signed = `${params.appId}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`;
    assert.ok(createVerify('RSA-SHA256').update(signed).verify(DEV_WECHATPAY_MERCHANT_CERT, params.paySign, 'base64'));
    assert.equal((await client.query('P20261129WXTEST0101'))?.tradeState, 'NOTPAY');
  });

  it('is refused by the provider when its request signature is wrong, and says so as a provider error', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const impostor = new WechatPayClient({ ...config, merchantPrivateKey: privateKey }, logger);
    await assert.rejects(impostor.prepay(order('P20261129WXTEST0201')), (e: { code: string; details: { status: number; code: string } }) => e.code === 'PROVIDER_ERROR' && e.details.status === 401 && e.details.code === 'SIGN_ERROR');
    await assert.rejects(new WechatPayClient({ ...config, apiBase: 'http://127.0.0.1:9' }, logger).prepay(order('P20261129WXTEST0202')), (e: { code: string }) => e.code === 'PROVIDER_ERROR');
  });

  it('pays at the cashier: the signed, encrypted notification verifies and decrypts to the transaction', async () => {
    const params = await client.prepay(order('P20261129WXTEST0301', 300_000));
    assert.equal((await cashier(prepayIdOf(params.package), 'pay')).status, 200);
    const [delivered] = await waitFor(async () => {
      const found = (await notificationsFor('P20261129WXTEST0301')).filter((n) => n.kind === 'TRANSACTION.SUCCESS');
      return found.length ? found : undefined;
    });
    const notification = await waitFor(async () => received.find((r) => r.body === delivered.body));
    assert.equal(notification.headers['wechatpay-serial'], DEV_WECHATPAY_PLATFORM_SERIAL);
    const check = await client.verifyNotification(notification.headers, notification.body);
    assert.equal(check.ok, true);
    if (!check.ok) return;
    assert.equal(check.eventType, 'TRANSACTION.SUCCESS');
    assert.equal(check.resource.out_trade_no, 'P20261129WXTEST0301');
    assert.equal(check.resource.trade_state, 'SUCCESS');
    assert.equal(check.resource.mchid, DEV_WECHATPAY_MCH_ID);
    assert.equal(check.resource.appid, DEV_WECHAT_APP_ID);
    assert.equal((check.resource.amount as { total: number }).total, 300_000);
    const paid = await client.query('P20261129WXTEST0301');
    assert.equal(paid?.tradeState, 'SUCCESS');
    assert.match(paid?.transactionId ?? '', /^4200/);
  });

  it('fetches the platform certificates for unknown serials at most once a minute, however many forged serials arrive', async () => {
    const fresh = new WechatPayClient(config, logger);
    const [good] = (await notificationsFor('P20261129WXTEST0301')).filter((n) => n.kind === 'TRANSACTION.SUCCESS');
    const before = standin.stats.certificateRequests;
    // The first notifications after a start arrive together: every one waits for the one fetch, none is refused.
    const first = await Promise.all(Array.from({ length: 10 }, () => fresh.verifyNotification(good.headers, good.body)));
    assert.ok(first.every((check) => check.ok), 'all verified');
    const forged = await Promise.all(Array.from({ length: 20 }, (_, i) => fresh.verifyNotification({ ...good.headers, 'wechatpay-serial': `ABCDEF01234567${String(i).padStart(2, '0')}` }, good.body)));
    assert.ok(forged.every((check) => !check.ok && check.reason === 'unknown-serial'));
    assert.equal(standin.stats.certificateRequests - before, 1, 'one fetch in all');
  });

  it('refuses a notification with a tampered ciphertext, a stale timestamp, a changed body or an unknown serial', async () => {
    const [good] = (await notificationsFor('P20261129WXTEST0301')).filter((n) => n.kind === 'TRANSACTION.SUCCESS');
    const event = JSON.parse(good.body) as { resource: { ciphertext: string } };
    const flipped = Buffer.from(event.resource.ciphertext, 'base64');
    flipped[3] ^= 0x01;
    const tamperedBody = JSON.stringify({ ...event, resource: { ...event.resource, ciphertext: flipped.toString('base64') } });
    // Re-signed by the platform, so only the AEAD tag can catch it.
    const tampered = await client.verifyNotification(platformHeaders(DEV_WECHATPAY_PLATFORM_PRIVATE_KEY, DEV_WECHATPAY_PLATFORM_SERIAL, tamperedBody), tamperedBody);
    assert.deepEqual(tampered, { ok: false, reason: 'undecryptable' });
    assert.deepEqual(await client.verifyNotification(good.headers, good.body, new Date(Date.now() + 6 * 60_000)), { ok: false, reason: 'stale' });
    assert.deepEqual(await client.verifyNotification(good.headers, good.body.replace('"支付成功"', '"支付成功 "')), { ok: false, reason: 'bad-signature' });
    assert.deepEqual(await client.verifyNotification({ ...good.headers, 'wechatpay-serial': 'ABCDEF0123456789' }, good.body), { ok: false, reason: 'unknown-serial' });
    assert.deepEqual(await client.verifyNotification({ ...good.headers, 'wechatpay-serial': 'PUB_KEY_ID_0114232134912410000' }, good.body), { ok: false, reason: 'unknown-serial' });
    assert.deepEqual(await client.verifyNotification({}, good.body), { ok: false, reason: 'unsigned' });
  });

  it('sends a notification again until the merchant acknowledges it', async () => {
    answers = [500, 503];
    const params = await client.prepay(order('P20261129WXTEST0401', 10_000));
    await cashier(prepayIdOf(params.package), 'pay');
    const delivered = await waitFor(async () => (await notificationsFor('P20261129WXTEST0401')).find((n) => n.acknowledged));
    assert.deepEqual(delivered.answers, [500, 503, 204]);
  });

  it('closes an unpaid order; a closed order cannot be prepaid again, nor a paid one closed', async () => {
    await client.prepay(order('P20261129WXTEST0501'));
    await client.close('P20261129WXTEST0501');
    assert.equal((await client.query('P20261129WXTEST0501'))?.tradeState, 'CLOSED');
    await assert.rejects(client.prepay(order('P20261129WXTEST0501')), (e: { details: { code: string } }) => e.details.code === 'ORDER_CLOSED');
    await assert.rejects(client.close('P20261129WXTEST0301'), (e: { details: { code: string } }) => e.details.code === 'ORDERPAID');
    assert.equal(await client.query('P20261129WXTEST9999'), null);
  });
});
