/**
 * Local stand-in for WeChat's mini-program server APIs we cannot reach here: login (GET /sns/jscode2session),
 * the access token (GET /cgi-bin/token), phone numbers (POST /wxa/business/getuserphonenumber) and subscribe messages (POST /cgi-bin/message/subscribe/send; what it
 * "delivered" is listed at GET /_standin/subscribe-messages?touser=…).
 * It answers like the real one: {openid, session_key, unionid} on success; {errcode, errmsg} with WeChat's codes
 * otherwise — 40013 unknown appid, 40125 wrong secret, 40029 invalid code, 40163 code already used, 45011 rate
 * limited, 40226 high-risk user, -1 system busy.
 *
 * Codes: `dev-<name>` logs in as a stable openid derived from <name>, once per code value; `dev-<name>.<anything>`
 * is a fresh code for the same member (`dev-alice.2`). Names `risk`, `busy` and `limit` (e.g. `dev-risk`,
 * `dev-busy.3`) produce 40226, -1 and 45011.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';

export interface WechatStandInOptions {
  port: number;
  host?: string;
  appId: string;
  appSecret: string;
}

/** The openid the stand-in gives member <name> under an app (stable across runs). */
export function standInOpenId(appId: string, name: string): string {
  return `o${createHash('sha256').update(`${appId}:${name}`).digest('base64url').slice(0, 27)}`;
}

export interface SubscribeMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  at: string;
}

export function startWechatStandIn(options: WechatStandInOptions): Promise<{ server: Server; url: string; messages: SubscribeMessage[] }> {
  const used = new Set<string>();
  const tokens = new Map<string, number>(); // access_token → expiry (ms)
  const messages: SubscribeMessage[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://standin');
    const reply = (body: object) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    // Access token for server-side APIs (GET /cgi-bin/token), valid two hours.
    if (url.pathname === '/cgi-bin/token') {
      const q = url.searchParams;
      if (q.get('grant_type') !== 'client_credential') return reply({ errcode: 40002, errmsg: 'invalid grant_type' });
      if (q.get('appid') !== options.appId) return reply({ errcode: 40013, errmsg: 'invalid appid' });
      if (q.get('secret') !== options.appSecret) return reply({ errcode: 40125, errmsg: 'invalid appsecret' });
      const token = randomBytes(24).toString('base64url');
      tokens.set(token, Date.now() + 7_200_000);
      return reply({ access_token: token, expires_in: 7200 });
    }
    // Subscribe message (POST /cgi-bin/message/subscribe/send?access_token=…).
    if (url.pathname === '/cgi-bin/message/subscribe/send' && req.method === 'POST') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        const expiry = tokens.get(url.searchParams.get('access_token') ?? '');
        if (!expiry || expiry < Date.now()) return reply({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
        let message: Omit<SubscribeMessage, 'at'>;
        try {
          message = JSON.parse(body);
        } catch {
          return reply({ errcode: 47001, errmsg: 'data format error' });
        }
        if (!message.touser?.startsWith('o')) return reply({ errcode: 40003, errmsg: 'invalid openid' });
        if (!message.template_id || typeof message.data !== 'object') return reply({ errcode: 47003, errmsg: 'argument invalid!' });
        messages.push({ ...message, at: new Date().toISOString() });
        reply({ errcode: 0, errmsg: 'ok' });
      });
      return;
    }
    // Phone number from a getPhoneNumber code (POST /wxa/business/getuserphonenumber?access_token=…, body {code}).
    // Stand-in codes: `phone-<11 digits>`, or `phone-<11 digits>.<n>` for another code of the same number (once each).
    if (url.pathname === '/wxa/business/getuserphonenumber' && req.method === 'POST') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        const expiry = tokens.get(url.searchParams.get('access_token') ?? '');
        if (!expiry || expiry < Date.now()) return reply({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
        const code = (() => {
          try {
            return String((JSON.parse(body) as { code?: unknown }).code ?? '');
          } catch {
            return '';
          }
        })();
        const match = /^phone-(1\d{10})(?:\.[A-Za-z0-9_-]{1,32})?$/.exec(code);
        if (!match || used.has(code)) return reply({ errcode: 40029, errmsg: 'invalid code' });
        used.add(code);
        reply({
          errcode: 0,
          errmsg: 'ok',
          phone_info: { phoneNumber: match[1], purePhoneNumber: match[1], countryCode: '86', watermark: { timestamp: Math.floor(Date.now() / 1000), appid: options.appId } },
        });
      });
      return;
    }
    if (url.pathname === '/_standin/subscribe-messages') {
      const touser = url.searchParams.get('touser');
      return reply(messages.filter((m) => !touser || m.touser === touser) as unknown as object);
    }
    if (url.pathname !== '/sns/jscode2session') {
      res.writeHead(404);
      return res.end();
    }
    const q = url.searchParams;
    if (q.get('appid') !== options.appId) return reply({ errcode: 40013, errmsg: 'invalid appid' });
    if (q.get('secret') !== options.appSecret) return reply({ errcode: 40125, errmsg: 'invalid appsecret' });
    if (q.get('grant_type') !== 'authorization_code') return reply({ errcode: 40002, errmsg: 'invalid grant_type' });
    const code = q.get('js_code') ?? '';
    const match = /^dev-([A-Za-z0-9_-]{1,48})(?:\.[A-Za-z0-9_-]{1,32})?$/.exec(code);
    if (!match) return reply({ errcode: 40029, errmsg: 'invalid code' });
    if (used.has(code)) return reply({ errcode: 40163, errmsg: 'code been used' });
    used.add(code);
    const name = match[1];
    if (name === 'risk') return reply({ errcode: 40226, errmsg: 'high risk user' });
    if (name === 'busy') return reply({ errcode: -1, errmsg: 'system error' });
    if (name === 'limit') return reply({ errcode: 45011, errmsg: 'api minute-quota reach limit' });
    reply({
      openid: standInOpenId(options.appId, name),
      session_key: randomBytes(16).toString('base64'),
      unionid: `u${createHash('sha256').update(`union:${name}`).digest('base64url').slice(0, 27)}`,
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : options.port}`, messages });
    });
  });
}
