/**
 * Local stand-in for the Alipay OpenAPI gateway (POST /gateway.do), speaking its protocol (alipay-protocol.ts) so
 * the services' alipay-sdk client runs unchanged:
 * - Every request: the app id, the RSA2 signature over the sorted parameters (query string and form body
 *   together, as the SDK splits them) with the app's public key, and a Beijing-time timestamp within 15 minutes;
 *   else `error_response` 40002 isv.invalid-*. Every answer is signed with the platform key.
 * - alipay.system.oauth.token: codes `dev-<name>` (or `dev-<name>.<n>`), once each, sign in as a stable Alipay
 *   user; anything else, or a reused code, is isv.code-invalid.
 * - alipay.trade.create (JSAPI_PAY, a mini-program payment: out_trade_no, total_amount, subject, buyer_id) →
 *   trade_no for my.tradePay; alipay.trade.query; alipay.trade.close; alipay.trade.refund (idempotent by
 *   out_request_no, synchronous: fund_change); business failures as 40004 ACQ.* in the method's response.
 * - The cashier (the payer's side): GET /_standin/cashier?trade_no=…&return=/path (pay / cancel / fail), and
 *   POST /_standin/cashier/{trade_no}/{pay|fail|cancel} for tests.
 * - Asynchronous notifications (trade_status_sync: TRADE_SUCCESS on payment; TRADE_SUCCESS with refund_fee after a
 *   partial refund, TRADE_CLOSED after a full one) are form posts signed RSA2 over the sorted parameters without
 *   sign and sign_type, sent again until the merchant answers `success`, on Alipay's schedule (4 min, 10 min,
 *   10 min, 1 h, 2 h, 6 h, 15 h) shortened by `retryDelaysMs`. GET /_standin/notifications lists them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { DEV_ALIPAY_APP_ID, DEV_ALIPAY_APP_PUBLIC_KEY, DEV_ALIPAY_PLATFORM_PRIVATE_KEY, DEV_ALIPAY_SELLER_ID } from '../dev-env.js';
import { formatYuan, yuanToFen, alipaySignContent, alipayTimestamp, signRsa2, verifyRsa2 } from '@fuel/shared';
import { cashierPage } from './cashier-page.js';
import { NotificationSender, type NotificationRecord } from './notification-delivery.js';

export interface AlipayStandInOptions {
  port: number;
  host?: string;
  appId: string;
  appPublicKey: string;
  platformPrivateKey: string;
  /** The merchant's partner id (seller_id in notifications). */
  sellerId?: string;
  /** Delays before each redelivery of an unacknowledged notification. */
  retryDelaysMs?: number[];
}

/** The stand-in as app 2021000000000001 of the development defaults knows it (what `npm start` and tests run). */
export function devAlipayStandInOptions(port: number, overrides: Partial<AlipayStandInOptions> = {}): AlipayStandInOptions {
  return { port, appId: DEV_ALIPAY_APP_ID, appPublicKey: DEV_ALIPAY_APP_PUBLIC_KEY, platformPrivateKey: DEV_ALIPAY_PLATFORM_PRIVATE_KEY, sellerId: DEV_ALIPAY_SELLER_ID, ...overrides };
}

export const ALIPAY_NOTIFY_SCHEDULE_MS = [240_000, 600_000, 600_000, 3_600_000, 7_200_000, 21_600_000, 54_000_000];

export function standInAlipayUserId(name: string): string {
  const digits = BigInt(`0x${createHash('sha256').update(`alipay:${name}`).digest('hex').slice(0, 12)}`) % 10n ** 12n;
  return `2088${digits.toString().padStart(12, '0')}`;
}

type TradeStatus = 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_CLOSED';

interface Trade {
  tradeNo: string;
  outTradeNo: string;
  subject: string;
  totalFen: number;
  buyerId: string;
  notifyUrl: string;
  status: TradeStatus;
  gmtCreate: string;
  gmtPayment?: string;
  refundedFen: number;
  /** out_request_no → refunded amount (fen), so a repeated refund request changes nothing. */
  refunds: Map<string, number>;
}

export interface AlipayNotification extends NotificationRecord {
  outTradeNo: string;
  tradeStatus: TradeStatus;
  params: Record<string, string>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function startAlipayStandIn(options: AlipayStandInOptions): Promise<{ server: Server; url: string; notifications: AlipayNotification[] }> {
  const usedCodes = new Set<string>();
  const trades = new Map<string, Trade>();
  const byTradeNo = new Map<string, string>();
  const notifications: AlipayNotification[] = [];
  const sellerId = options.sellerId ?? DEV_ALIPAY_SELLER_ID;
  const sender = new NotificationSender(options.retryDelaysMs ?? ALIPAY_NOTIFY_SCHEDULE_MS, (status, text) => status === 200 && text.trim() === 'success');

  function notify(trade: Trade, extra: Record<string, string> = {}): void {
    const params: Record<string, string> = {
      notify_time: alipayTimestamp(new Date()),
      notify_type: 'trade_status_sync',
      notify_id: randomBytes(16).toString('hex'),
      app_id: options.appId,
      auth_app_id: options.appId,
      charset: 'utf-8',
      version: '1.0',
      trade_no: trade.tradeNo,
      out_trade_no: trade.outTradeNo,
      buyer_id: trade.buyerId,
      seller_id: sellerId,
      trade_status: trade.status,
      total_amount: formatYuan(trade.totalFen),
      receipt_amount: formatYuan(trade.totalFen),
      buyer_pay_amount: formatYuan(trade.totalFen),
      subject: trade.subject,
      gmt_create: trade.gmtCreate,
      ...(trade.gmtPayment ? { gmt_payment: trade.gmtPayment } : {}),
      ...extra,
    };
    // Alipay signs the notification without sign and sign_type.
    const signature = signRsa2(alipaySignContent(params), options.platformPrivateKey);
    const body = new URLSearchParams({ ...params, sign_type: 'RSA2', sign: signature }).toString();
    const record: AlipayNotification = { url: trade.notifyUrl, body, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, answers: [], acknowledged: false, outTradeNo: trade.outTradeNo, tradeStatus: trade.status, params };
    notifications.push(record);
    sender.send(record);
  }

  function cashier(tradeNo: string, action: string): { status: number; message: string } {
    const trade = trades.get(byTradeNo.get(tradeNo) ?? '');
    if (!trade) return { status: 404, message: '交易不存在' };
    if (trade.status !== 'WAIT_BUYER_PAY') return { status: 409, message: `交易状态为 ${trade.status}` };
    if (action === 'cancel') return { status: 200, message: '已取消支付' };
    if (action === 'fail') return { status: 200, message: '支付失败' };
    if (action !== 'pay') return { status: 400, message: '未知操作' };
    trade.status = 'TRADE_SUCCESS';
    trade.gmtPayment = alipayTimestamp(new Date());
    notify(trade);
    return { status: 200, message: '支付成功' };
  }

  type Answer = { ok: Record<string, unknown> } | { code: '40004'; subCode: string; subMsg: string };
  const business = (subCode: string, subMsg: string): Answer => ({ code: '40004', subCode, subMsg });

  function trade(method: string, biz: Record<string, unknown>, params: Record<string, string>): Answer {
    const outTradeNo = typeof biz.out_trade_no === 'string' ? biz.out_trade_no : '';
    const existing = trades.get(outTradeNo);
    if (method === 'alipay.trade.create') {
      if (!/^[0-9A-Za-z_]{1,64}$/.test(outTradeNo)) return business('ACQ.INVALID_PARAMETER', '参数无效: out_trade_no');
      const totalFen = typeof biz.total_amount === 'string' && /^\d+(\.\d{1,2})?$/.test(biz.total_amount) ? yuanToFen(biz.total_amount) : 0;
      if (totalFen < 1 || totalFen > 10_000_000_000) return business('ACQ.INVALID_PARAMETER', '参数无效: total_amount');
      if (typeof biz.subject !== 'string' || !biz.subject || biz.subject.length > 256) return business('ACQ.INVALID_PARAMETER', '参数无效: subject');
      if (typeof biz.buyer_id !== 'string' || !/^2088\d{12}$/.test(biz.buyer_id)) return business('ACQ.INVALID_PARAMETER', '参数无效: buyer_id');
      if (!params.notify_url || !/^https?:\/\//.test(params.notify_url)) return business('ACQ.INVALID_PARAMETER', '参数无效: notify_url');
      if (existing) {
        if (existing.totalFen !== totalFen || existing.buyerId !== biz.buyer_id) return business('ACQ.CONTEXT_INCONSISTENT', '交易信息被篡改');
        if (existing.status === 'TRADE_SUCCESS') return business('ACQ.TRADE_HAS_SUCCESS', '交易已被支付');
        if (existing.status === 'TRADE_CLOSED') return business('ACQ.TRADE_HAS_CLOSE', '交易已经关闭');
        return { ok: { out_trade_no: outTradeNo, trade_no: existing.tradeNo } };
      }
      const tradeNo = `${alipayTimestamp(new Date()).replace(/\D/g, '').slice(0, 8)}22001${randomBytes(8).toString('hex').replace(/\D/g, '').padEnd(15, '7').slice(0, 15)}`;
      trades.set(outTradeNo, { tradeNo, outTradeNo, subject: biz.subject, totalFen, buyerId: biz.buyer_id, notifyUrl: params.notify_url, status: 'WAIT_BUYER_PAY', gmtCreate: alipayTimestamp(new Date()), refundedFen: 0, refunds: new Map() });
      byTradeNo.set(tradeNo, outTradeNo);
      return { ok: { out_trade_no: outTradeNo, trade_no: tradeNo } };
    }
    if (!existing) return business('ACQ.TRADE_NOT_EXIST', '交易不存在');
    if (method === 'alipay.trade.query') {
      return {
        ok: {
          trade_no: existing.tradeNo,
          out_trade_no: existing.outTradeNo,
          buyer_user_id: existing.buyerId,
          trade_status: existing.status,
          total_amount: formatYuan(existing.totalFen),
          ...(existing.gmtPayment ? { send_pay_date: existing.gmtPayment } : {}),
        },
      };
    }
    if (method === 'alipay.trade.close') {
      if (existing.status === 'TRADE_SUCCESS') return business('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
      existing.status = 'TRADE_CLOSED';
      return { ok: { trade_no: existing.tradeNo, out_trade_no: existing.outTradeNo } };
    }
    if (method === 'alipay.trade.refund') {
      const requestNo = typeof biz.out_request_no === 'string' && biz.out_request_no ? biz.out_request_no : existing.outTradeNo;
      const refundFen = typeof biz.refund_amount === 'string' && /^\d+(\.\d{1,2})?$/.test(biz.refund_amount) ? yuanToFen(biz.refund_amount) : 0;
      if (refundFen < 1) return business('ACQ.INVALID_PARAMETER', '参数无效: refund_amount');
      const done = existing.refunds.get(requestNo);
      const view = (fundChange: 'Y' | 'N') => ({ ok: { trade_no: existing.tradeNo, out_trade_no: existing.outTradeNo, buyer_user_id: existing.buyerId, fund_change: fundChange, refund_fee: formatYuan(existing.refundedFen), gmt_refund_pay: alipayTimestamp(new Date()) } });
      if (done !== undefined) return done === refundFen ? view('N') : business('ACQ.REQUEST_AMOUNT_EXCEED', '请求退款金额与原请求不一致');
      if (existing.status !== 'TRADE_SUCCESS') return business('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
      if (existing.refundedFen + refundFen > existing.totalFen) return business('ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', '退款金额超限');
      existing.refunds.set(requestNo, refundFen);
      existing.refundedFen += refundFen;
      if (existing.refundedFen === existing.totalFen) existing.status = 'TRADE_CLOSED';
      notify(existing, { refund_fee: formatYuan(existing.refundedFen), gmt_refund: alipayTimestamp(new Date()), out_biz_no: requestNo });
      return view('Y');
    }
    return business('isv.invalid-method', '不存在的方法名');
  }

  function gateway(params: Record<string, string>, res: ServerResponse): void {
    const answer = (key: string, node: object) => {
      const content = JSON.stringify(node);
      res.writeHead(200, { 'content-type': 'text/html;charset=utf-8' }); // what the real gateway sends
      res.end(`{"${key}":${content},"sign":"${signRsa2(content, options.platformPrivateKey)}"}`);
    };
    const refuse = (code: string, msg: string, subCode: string, subMsg: string) => answer('error_response', { code, msg, sub_code: subCode, sub_msg: subMsg });
    if (params.app_id !== options.appId) return refuse('40002', 'Invalid Arguments', 'isv.invalid-app-id', '无效的AppID参数');
    if (params.sign_type !== 'RSA2' || !verifyRsa2(alipaySignContent(params), params.sign ?? '', options.appPublicKey)) {
      return refuse('40002', 'Invalid Arguments', 'isv.invalid-signature', '验签出错');
    }
    const sent = Date.parse(`${(params.timestamp ?? '').replace(' ', 'T')}+08:00`);
    if (!(Math.abs(Date.now() - sent) < 15 * 60_000)) return refuse('40002', 'Invalid Arguments', 'isv.invalid-timestamp', '非法的时间戳参数');
    const responseKey = `${(params.method ?? '').replaceAll('.', '_')}_response`;
    if (params.method === 'alipay.system.oauth.token') {
      const code = params.code ?? '';
      const match = /^dev-([A-Za-z0-9_-]{1,48})(?:\.[A-Za-z0-9_-]{1,32})?$/.exec(code);
      if (params.grant_type !== 'authorization_code' || !match || usedCodes.has(code)) return refuse('40002', 'Invalid Arguments', 'isv.code-invalid', '授权码code无效');
      usedCodes.add(code);
      return answer(responseKey, {
        user_id: standInAlipayUserId(match[1]),
        open_id: `0${createHash('sha256').update(`open:${match[1]}`).digest('base64url').slice(0, 30)}`,
        access_token: `authbseB${randomBytes(16).toString('hex')}`,
        expires_in: 1296000,
        refresh_token: `authbseB${randomBytes(16).toString('hex')}`,
        re_expires_in: 2592000,
        auth_start: alipayTimestamp(new Date()),
      });
    }
    if (!params.method?.startsWith('alipay.trade.')) return refuse('40004', 'Business Failed', 'isv.invalid-method', '不存在的方法名');
    let biz: Record<string, unknown>;
    try {
      biz = JSON.parse(params.biz_content ?? '{}') as Record<string, unknown>;
    } catch {
      return answer(responseKey, { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.invalid-biz-content', sub_msg: 'biz_content 不是有效的 JSON' });
    }
    const outcome = trade(params.method, biz, params);
    if ('ok' in outcome) return answer(responseKey, { code: '10000', msg: 'Success', ...outcome.ok });
    return answer(responseKey, { code: outcome.code, msg: 'Business Failed', sub_code: outcome.subCode, sub_msg: outcome.subMsg });
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://standin');
      const raw = req.method === 'GET' ? '' : await readBody(req);
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      };
      if (url.pathname === '/gateway.do') {
        // The SDK puts the common parameters in the query string and the rest (biz_content, code…) in the body.
        return gateway({ ...Object.fromEntries(url.searchParams), ...Object.fromEntries(new URLSearchParams(raw)) }, res);
      }
      if (url.pathname === '/_standin/notifications') {
        const outTradeNo = url.searchParams.get('out_trade_no');
        return json(200, notifications.filter((n) => !outTradeNo || n.outTradeNo === outTradeNo));
      }
      const action = /^\/_standin\/cashier\/([^/]+)\/(pay|fail|cancel)$/.exec(url.pathname);
      if (action && req.method === 'POST') {
        const outcome = cashier(decodeURIComponent(action[1]), action[2]);
        return json(outcome.status, { message: outcome.message });
      }
      if (url.pathname === '/_standin/cashier') {
        const tradeNo = url.searchParams.get('trade_no') ?? '';
        const t = trades.get(byTradeNo.get(tradeNo) ?? '');
        const order = t && { provider: '支付宝', description: t.subject, amountFen: t.totalFen, state: t.status === 'WAIT_BUYER_PAY' ? '待支付' : t.status };
        return cashierPage(res, order, tradeNo, url.searchParams.get('return'));
      }
      res.writeHead(404);
      res.end();
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.on('close', () => sender.stop());
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : options.port}`, notifications });
    });
  });
}
