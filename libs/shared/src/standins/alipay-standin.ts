/**
 * Local stand-in for the Alipay OpenAPI gateway (POST /gateway.do), answering alipay.system.oauth.token like the
 * real one: it checks the app id, the RSA2 request signature (with the app's public key) and the timestamp, and
 * signs its answers with its own platform key. Codes: `dev-<name>` (or `dev-<name>.<n>`), once each, sign in as a
 * stable Alipay user; anything else, or a reused code, is isv.code-invalid.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { alipaySignContent, signRsa2, verifyRsa2 } from './alipay-protocol.js';

export interface AlipayStandInOptions {
  port: number;
  host?: string;
  appId: string;
  appPublicKey: string;
  platformPrivateKey: string;
}

export function standInAlipayUserId(name: string): string {
  const digits = BigInt(`0x${createHash('sha256').update(`alipay:${name}`).digest('hex').slice(0, 12)}`) % 10n ** 12n;
  return `2088${digits.toString().padStart(12, '0')}`;
}

export function startAlipayStandIn(options: AlipayStandInOptions): Promise<{ server: Server; url: string }> {
  const used = new Set<string>();
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://standin');
      const params = Object.fromEntries(new URLSearchParams(raw || url.search));
      const answer = (key: string, node: object) => {
        const content = JSON.stringify(node);
        res.writeHead(200, { 'content-type': 'text/html;charset=utf-8' }); // what the real gateway sends
        res.end(`{"${key}":${content},"sign":"${signRsa2(content, options.platformPrivateKey)}"}`);
      };
      const fail = (code: string, msg: string, subCode: string, subMsg: string) => answer('error_response', { code, msg, sub_code: subCode, sub_msg: subMsg });
      if (url.pathname !== '/gateway.do') {
        res.writeHead(404);
        return res.end();
      }
      if (params.app_id !== options.appId) return fail('40002', 'Invalid Arguments', 'isv.invalid-app-id', '无效的AppID参数');
      if (params.sign_type !== 'RSA2' || !verifyRsa2(alipaySignContent(params), params.sign ?? '', options.appPublicKey)) {
        return fail('40002', 'Invalid Arguments', 'isv.invalid-signature', '验签出错');
      }
      const sent = Date.parse(`${(params.timestamp ?? '').replace(' ', 'T')}+08:00`);
      if (!(Math.abs(Date.now() - sent) < 15 * 60_000)) return fail('40002', 'Invalid Arguments', 'isv.invalid-timestamp', '非法的时间戳参数');
      if (params.method !== 'alipay.system.oauth.token') return fail('40004', 'Business Failed', 'isv.invalid-method', '不存在的方法名');
      const code = params.code ?? '';
      const match = /^dev-([A-Za-z0-9_-]{1,48})(?:\.[A-Za-z0-9_-]{1,32})?$/.exec(code);
      if (params.grant_type !== 'authorization_code' || !match || used.has(code)) return fail('40002', 'Invalid Arguments', 'isv.code-invalid', '授权码code无效');
      used.add(code);
      answer('alipay_system_oauth_token_response', {
        user_id: standInAlipayUserId(match[1]),
        open_id: `0${createHash('sha256').update(`open:${match[1]}`).digest('base64url').slice(0, 30)}`,
        access_token: `authbseB${randomBytes(16).toString('hex')}`,
        expires_in: 1296000,
        refresh_token: `authbseB${randomBytes(16).toString('hex')}`,
        re_expires_in: 2592000,
        auth_start: new Date().toISOString().slice(0, 19).replace('T', ' '),
      });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : options.port}` });
    });
  });
}
