/**
 * Local stand-in for WeChat Pay API v3 (JSAPI / mini-program payments), speaking its protocol
 * (wechat-pay-protocol.ts) so the payment service's production client runs unchanged:
 * - POST /v3/pay/transactions/jsapi → {prepay_id}; GET /v3/pay/transactions/out-trade-no/{no}?mchid=… → the
 *   transaction; POST …/{no}/close → 204; POST /v3/refund/domestic/refunds → the refund (PROCESSING, SUCCESS a
 *   moment later with a refund notification; the same out_refund_no answers the same refund); GET
 *   /v3/refund/domestic/refunds/{out_refund_no}; GET /v3/certificates → the platform certificate, encrypted.
 * - Every merchant request must carry a valid signature (merchant key, certificate serial, mchid, timestamp
 *   within 5 minutes), else 401 SIGN_ERROR; bad parameters are 400 PARAM_ERROR, as WeChat answers.
 * - The cashier (what the payer does on the phone): GET /_standin/cashier?prepay_id=…&return=/path is a page with
 *   确认支付 / 取消 / 模拟支付失败 that goes back to `return` (a path on the same origin) afterwards, as
 *   requestPayment returns to the app; POST /_standin/cashier/{prepay_id}/{pay|fail|cancel} does the same for tests.
 * - Notifications (payment SUCCESS / PAYERROR, refund SUCCESS) go to the notify_url, signed with the platform key,
 *   the resource encrypted with the APIv3 key, and are sent again until a 2xx, on WeChat's schedule (15 s, 15 s,
 *   30 s, 3 min, 10 min, 20 min, 30 min …) shortened by `retryDelaysMs`. GET /_standin/notifications lists them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  DEV_WECHAT_APP_ID,
  DEV_WECHATPAY_API_V3_KEY,
  DEV_WECHATPAY_MCH_ID,
  DEV_WECHATPAY_MERCHANT_CERT,
  DEV_WECHATPAY_MERCHANT_SERIAL,
  DEV_WECHATPAY_PLATFORM_CERT,
  DEV_WECHATPAY_PLATFORM_PRIVATE_KEY,
  DEV_WECHATPAY_PLATFORM_SERIAL,
} from '../dev-env.js';
import { cashierPage } from './cashier-page.js';
import { NotificationSender, type NotificationRecord } from './notification-delivery.js';
import { aeadEncrypt, parseAuthorization, platformHeaders, requestMessage, rsaVerify, WECHATPAY_MAX_SKEW_SECONDS } from '@fuel/shared';

export interface WechatPayStandInOptions {
  port: number;
  host?: string;
  mchId: string;
  appId: string;
  apiV3Key: string;
  merchantCert: string;
  merchantSerial: string;
  platformCert: string;
  platformPrivateKey: string;
  platformSerial: string;
  /** Delays before each redelivery of an unacknowledged notification (WeChat's: 15 s, 15 s, 30 s, 3 min, …). */
  retryDelaysMs?: number[];
  now?: () => Date;
}

/** The stand-in as merchant 1900000109 of the development defaults knows it (what `npm start` and tests run). */
export function devWechatPayStandInOptions(port: number, overrides: Partial<WechatPayStandInOptions> = {}): WechatPayStandInOptions {
  return {
    port,
    mchId: DEV_WECHATPAY_MCH_ID,
    appId: DEV_WECHAT_APP_ID,
    apiV3Key: DEV_WECHATPAY_API_V3_KEY,
    merchantCert: DEV_WECHATPAY_MERCHANT_CERT,
    merchantSerial: DEV_WECHATPAY_MERCHANT_SERIAL,
    platformCert: DEV_WECHATPAY_PLATFORM_CERT,
    platformPrivateKey: DEV_WECHATPAY_PLATFORM_PRIVATE_KEY,
    platformSerial: DEV_WECHATPAY_PLATFORM_SERIAL,
    ...overrides,
  };
}

export const WECHAT_NOTIFY_SCHEDULE_MS = [15_000, 15_000, 30_000, 180_000, 600_000, 1_200_000, 1_800_000, 1_800_000, 1_800_000, 3_600_000, 10_800_000];

type TradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'PAYERROR' | 'REFUND';

interface Transaction {
  appid: string;
  mchid: string;
  out_trade_no: string;
  description: string;
  notify_url: string;
  amount: { total: number; currency: string };
  payer: { openid: string };
  prepay_id: string;
  trade_state: TradeState;
  transaction_id?: string;
  success_time?: string;
  refunded: number;
}

interface StandInRefund {
  refund_id: string;
  out_refund_no: string;
  transaction_id?: string;
  out_trade_no: string;
  status: 'PROCESSING' | 'SUCCESS';
  success_time?: string;
  amount: { refund: number; total: number; currency: string };
}

export interface DeliveredNotification extends NotificationRecord {
  id: string;
  kind: 'TRANSACTION.SUCCESS' | 'TRANSACTION.PAYERROR' | 'REFUND.SUCCESS';
  outTradeNo: string;
}

const json = (res: ServerResponse, status: number, body: unknown, sign?: (text: string) => Record<string, string>) => {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...(sign ? sign(text) : {}) });
  res.end(text);
};
const fail = (res: ServerResponse, status: number, code: string, message: string) => json(res, status, { code, message });

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function startWechatPayStandIn(options: WechatPayStandInOptions): Promise<{ server: Server; url: string; notifications: DeliveredNotification[]; stats: { certificateRequests: number } }> {
  const stats = { certificateRequests: 0 };
  const now = options.now ?? (() => new Date());
  const transactions = new Map<string, Transaction>();
  const byPrepay = new Map<string, string>();
  const refunds = new Map<string, StandInRefund>();
  const notifications: DeliveredNotification[] = [];
  const sender = new NotificationSender(options.retryDelaysMs ?? WECHAT_NOTIFY_SCHEDULE_MS, (status) => status >= 200 && status < 300);
  const signAnswer = (text: string) => platformHeaders(options.platformPrivateKey, options.platformSerial, text, now());

  function merchantSignatureProblem(req: IncomingMessage, body: string): string | undefined {
    const auth = parseAuthorization(req.headers.authorization);
    if (!auth) return 'Authorization 头缺失或格式错误';
    if (auth.mchid !== options.mchId) return '商户号与签名不符';
    if (auth.serial_no.toUpperCase() !== options.merchantSerial.toUpperCase()) return '商户证书序列号不正确';
    if (Math.abs(now().getTime() / 1000 - Number(auth.timestamp)) > WECHATPAY_MAX_SKEW_SECONDS) return '签名时间戳过期';
    const message = requestMessage(req.method ?? 'GET', req.url ?? '/', auth.timestamp, auth.nonce_str, body);
    return rsaVerify(options.merchantCert, message, auth.signature) ? undefined : '签名错误';
  }

  function notify(kind: DeliveredNotification['kind'], transaction: Transaction, resource: Record<string, unknown>): void {
    const created = now().toISOString().replace(/\.\d{3}Z$/, '+08:00');
    const id = randomBytes(16).toString('hex');
    const eventType = kind;
    const plaintext = JSON.stringify(resource);
    const body = JSON.stringify({
      id,
      create_time: created,
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary: kind === 'REFUND.SUCCESS' ? '退款成功' : kind === 'TRANSACTION.SUCCESS' ? '支付成功' : '支付失败',
      resource: { original_type: kind.startsWith('REFUND') ? 'refund' : 'transaction', ...aeadEncrypt(options.apiV3Key, plaintext, kind.startsWith('REFUND') ? 'refund' : 'transaction') },
    });
    const headers = { 'content-type': 'application/json', ...platformHeaders(options.platformPrivateKey, options.platformSerial, body, now()) };
    const notification: DeliveredNotification = { id, kind, outTradeNo: transaction.out_trade_no, url: transaction.notify_url, body, headers, answers: [], acknowledged: false };
    notifications.push(notification);
    sender.send(notification);
  }

  const transactionView = (t: Transaction) => ({
    appid: t.appid,
    mchid: t.mchid,
    out_trade_no: t.out_trade_no,
    transaction_id: t.transaction_id,
    trade_type: 'JSAPI',
    trade_state: t.trade_state,
    trade_state_desc: { NOTPAY: '未支付', SUCCESS: '支付成功', CLOSED: '已关闭', PAYERROR: '支付失败', REFUND: '转入退款' }[t.trade_state],
    success_time: t.success_time,
    payer: t.payer,
    amount: { total: t.amount.total, payer_total: t.amount.total, currency: t.amount.currency, payer_currency: 'CNY' },
  });

  function cashier(prepayId: string, action: string): { status: number; text: string } {
    const outTradeNo = byPrepay.get(prepayId);
    const t = outTradeNo ? transactions.get(outTradeNo) : undefined;
    if (!t) return { status: 404, text: '支付单不存在' };
    if (t.trade_state !== 'NOTPAY') return { status: 409, text: `订单状态为 ${t.trade_state}` };
    if (action === 'cancel') return { status: 200, text: '已取消支付' };
    if (action === 'pay') {
      t.trade_state = 'SUCCESS';
      t.transaction_id = `4200${Date.now()}${randomBytes(3).toString('hex')}`.slice(0, 28);
      t.success_time = now().toISOString().replace(/\.\d{3}Z$/, '+08:00');
      notify('TRANSACTION.SUCCESS', t, transactionView(t));
      return { status: 200, text: '支付成功' };
    }
    if (action === 'fail') {
      t.trade_state = 'PAYERROR';
      notify('TRANSACTION.PAYERROR', t, transactionView(t));
      return { status: 200, text: '支付失败' };
    }
    return { status: 400, text: '未知操作' };
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://standin');
      const body = req.method === 'GET' ? '' : await readBody(req);

      if (url.pathname === '/_standin/notifications') {
        const outTradeNo = url.searchParams.get('out_trade_no');
        return json(res, 200, notifications.filter((n) => !outTradeNo || n.outTradeNo === outTradeNo));
      }
      const cashierAction = /^\/_standin\/cashier\/([^/]+)\/(pay|fail|cancel)$/.exec(url.pathname);
      if (cashierAction && req.method === 'POST') {
        const outcome = cashier(decodeURIComponent(cashierAction[1]), cashierAction[2]);
        return json(res, outcome.status, { message: outcome.text });
      }
      if (url.pathname === '/_standin/cashier') {
        const prepayId = url.searchParams.get('prepay_id') ?? '';
        const t = transactions.get(byPrepay.get(prepayId) ?? '');
        const order = t && { provider: '微信支付', description: t.description, amountFen: t.amount.total, state: t.trade_state === 'NOTPAY' ? '待支付' : t.trade_state };
        return cashierPage(res, order, prepayId, url.searchParams.get('return'));
      }

      const problem = merchantSignatureProblem(req, body);
      if (problem) return fail(res, 401, 'SIGN_ERROR', problem);

      if (req.method === 'GET' && url.pathname === '/v3/certificates') {
        stats.certificateRequests++;
        return json(res, 200, { data: [{ serial_no: options.platformSerial, effective_time: '2026-01-01T00:00:00+08:00', expire_time: '2036-01-01T00:00:00+08:00', encrypt_certificate: aeadEncrypt(options.apiV3Key, options.platformCert, 'certificate') }] }, signAnswer);
      }
      if (req.method === 'POST' && url.pathname === '/v3/pay/transactions/jsapi') {
        let input: Partial<Transaction> & { amount?: { total?: unknown; currency?: string }; payer?: { openid?: unknown } };
        try {
          input = JSON.parse(body);
        } catch {
          return fail(res, 400, 'PARAM_ERROR', '请求体不是有效的 JSON');
        }
        if (input.appid !== options.appId) return fail(res, 400, 'PARAM_ERROR', 'appid 与商户号未绑定');
        if (input.mchid !== options.mchId) return fail(res, 400, 'PARAM_ERROR', 'mchid 不正确');
        if (typeof input.out_trade_no !== 'string' || !/^[0-9A-Za-z_\-|*]{6,32}$/.test(input.out_trade_no)) return fail(res, 400, 'PARAM_ERROR', 'out_trade_no 格式错误');
        if (typeof input.description !== 'string' || !input.description || input.description.length > 127) return fail(res, 400, 'PARAM_ERROR', 'description 不能为空');
        if (typeof input.notify_url !== 'string' || !/^https?:\/\//.test(input.notify_url)) return fail(res, 400, 'PARAM_ERROR', 'notify_url 格式错误');
        if (!Number.isSafeInteger(input.amount?.total) || (input.amount!.total as number) <= 0) return fail(res, 400, 'PARAM_ERROR', 'amount.total 必须为正整数（分）');
        if (typeof input.payer?.openid !== 'string' || !input.payer.openid) return fail(res, 400, 'PARAM_ERROR', 'payer.openid 不能为空');
        const existing = transactions.get(input.out_trade_no);
        if (existing) {
          const same = existing.amount.total === input.amount!.total && existing.description === input.description && existing.payer.openid === input.payer.openid;
          if (!same) return fail(res, 400, 'INVALID_REQUEST', '商户订单号重复（参数不一致）');
          if (existing.trade_state === 'SUCCESS') return fail(res, 400, 'ORDERPAID', '该订单已支付');
          if (existing.trade_state === 'CLOSED') return fail(res, 400, 'ORDER_CLOSED', '订单已关闭');
          return json(res, 200, { prepay_id: existing.prepay_id }, signAnswer);
        }
        const prepayId = `wx${createHash('sha256').update(input.out_trade_no + Date.now()).digest('hex').slice(0, 30)}`;
        transactions.set(input.out_trade_no, {
          appid: input.appid,
          mchid: input.mchid,
          out_trade_no: input.out_trade_no,
          description: input.description,
          notify_url: input.notify_url,
          amount: { total: input.amount!.total as number, currency: input.amount?.currency ?? 'CNY' },
          payer: { openid: input.payer.openid },
          prepay_id: prepayId,
          trade_state: 'NOTPAY',
          refunded: 0,
        });
        byPrepay.set(prepayId, input.out_trade_no);
        return json(res, 200, { prepay_id: prepayId }, signAnswer);
      }
      const query = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && query) {
        if (url.searchParams.get('mchid') !== options.mchId) return fail(res, 400, 'PARAM_ERROR', 'mchid 不正确');
        const t = transactions.get(decodeURIComponent(query[1]));
        return t ? json(res, 200, transactionView(t), signAnswer) : fail(res, 404, 'ORDER_NOT_EXIST', '订单不存在');
      }
      const close = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(url.pathname);
      if (req.method === 'POST' && close) {
        const t = transactions.get(decodeURIComponent(close[1]));
        if (!t) return fail(res, 404, 'ORDER_NOT_EXIST', '订单不存在');
        if (t.trade_state === 'SUCCESS' || t.trade_state === 'REFUND') return fail(res, 400, 'ORDERPAID', '订单已支付，不能关闭');
        t.trade_state = 'CLOSED';
        res.writeHead(204, signAnswer(''));
        return res.end();
      }
      if (req.method === 'POST' && url.pathname === '/v3/refund/domestic/refunds') {
        const input = JSON.parse(body || '{}') as { out_trade_no?: string; out_refund_no?: string; notify_url?: string; amount?: { refund?: number; total?: number } };
        if (typeof input.out_refund_no !== 'string' || !/^[0-9A-Za-z_\-|*@]{1,64}$/.test(input.out_refund_no)) return fail(res, 400, 'PARAM_ERROR', 'out_refund_no 格式错误');
        const t = input.out_trade_no ? transactions.get(input.out_trade_no) : undefined;
        if (!t) return fail(res, 404, 'RESOURCE_NOT_EXISTS', '订单不存在');
        const refund = input.amount?.refund ?? 0;
        const earlier = refunds.get(input.out_refund_no);
        // The same out_refund_no is the same refund: answered again, never paid twice.
        if (earlier) return earlier.amount.refund === refund && earlier.out_trade_no === t.out_trade_no ? json(res, 200, earlier, signAnswer) : fail(res, 400, 'INVALID_REQUEST', '退款单号重复（参数不一致）');
        if (t.trade_state !== 'SUCCESS' && t.trade_state !== 'REFUND') return fail(res, 400, 'INVALID_REQUEST', '订单未支付');
        if (!Number.isSafeInteger(refund) || refund <= 0 || input.amount?.total !== t.amount.total) return fail(res, 400, 'PARAM_ERROR', 'amount 不正确');
        if (t.refunded + refund > t.amount.total) return fail(res, 403, 'NOT_ENOUGH', '退款金额超过可退金额');
        t.refunded += refund;
        t.trade_state = 'REFUND';
        const view: StandInRefund = { refund_id: `5030${Date.now()}${randomBytes(3).toString('hex')}`, out_refund_no: input.out_refund_no, transaction_id: t.transaction_id, out_trade_no: t.out_trade_no, status: 'PROCESSING', amount: { refund, total: t.amount.total, currency: 'CNY' } };
        refunds.set(input.out_refund_no, view);
        // The money arrives a moment later: the refund becomes SUCCESS and, if asked, WeChat says so.
        setTimeout(() => {
          view.status = 'SUCCESS';
          view.success_time = now().toISOString();
          if (input.notify_url) notify('REFUND.SUCCESS', { ...t, notify_url: input.notify_url }, { ...view, mchid: t.mchid, refund_status: 'SUCCESS' });
        }, 50);
        return json(res, 200, view, signAnswer);
      }
      const refundQuery = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && refundQuery) {
        const refund = refunds.get(decodeURIComponent(refundQuery[1]));
        return refund ? json(res, 200, refund, signAnswer) : fail(res, 404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
      }
      return fail(res, 404, 'NOT_FOUND', '接口不存在');
    })().catch(() => {
      if (!res.headersSent) fail(res, 500, 'SYSTEM_ERROR', '系统错误');
    });
  });
  server.on('close', () => sender.stop());
  return new Promise((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', () => resolve({ server, url: `http://${options.host ?? '127.0.0.1'}:${options.port}`, notifications, stats })));
}
