/**
 * Local stand-in for the Alibaba Cloud SMS endpoint (we cannot reach the real one here). It speaks the real
 * protocol: POST / with form-encoded, signed SendSms parameters, the same error codes for a bad key, a bad
 * signature, a replayed nonce, an illegal number or too many messages, and records what it "delivered" so
 * that developers (and tests) can read the code a staff member would receive: GET /_standin/messages?phone=.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { rpcSignature, type SendSmsResponse } from '@fuel/shared';

export interface DeliveredSms {
  phone: string;
  signName: string;
  templateCode: string;
  params: Record<string, string>;
  at: string;
}

export interface SmsStandInOptions {
  port: number;
  host?: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** Messages per phone number per minute, as the provider's flow control (isv.BUSINESS_LIMIT_CONTROL). */
  perMinuteLimit?: number;
}

export function startSmsStandIn(options: SmsStandInOptions): Promise<{ server: Server; url: string; delivered: DeliveredSms[] }> {
  const delivered: DeliveredSms[] = [];
  const seenNonces = new Set<string>();
  const limit = options.perMinuteLimit ?? 5;

  const answer = (status: number, body: SendSmsResponse | DeliveredSms[]) => ({ status, body });
  const fail = (status: number, Code: string, Message: string) => answer(status, { Code, Message, RequestId: randomUUID() });

  function sendSms(params: Record<string, string>) {
    if (params.AccessKeyId !== options.accessKeyId) return fail(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    const expected = rpcSignature('POST', params, options.accessKeySecret);
    if (params.Signature !== expected) return fail(400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.');
    if (seenNonces.has(params.SignatureNonce)) return fail(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    seenNonces.add(params.SignatureNonce);
    const age = Math.abs(Date.now() - Date.parse(params.Timestamp));
    if (!(age < 15 * 60_000)) return fail(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    if (params.Action !== 'SendSms') return fail(404, 'InvalidAction.NotFound', 'Specified api is not found.');
    if (!/^1\d{10}$/.test(params.PhoneNumbers ?? '')) return answer(200, { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号', RequestId: randomUUID() });
    const recent = delivered.filter((m) => m.phone === params.PhoneNumbers && Date.now() - Date.parse(m.at) < 60_000);
    if (recent.length >= limit) return answer(200, { Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发分钟级流控Permits:5', RequestId: randomUUID() });
    let templateParam: Record<string, string>;
    try {
      templateParam = JSON.parse(params.TemplateParam ?? '{}');
    } catch {
      return answer(200, { Code: 'isv.INVALID_JSON_PARAM', Message: 'JSON参数不合法', RequestId: randomUUID() });
    }
    delivered.push({ phone: params.PhoneNumbers, signName: params.SignName, templateCode: params.TemplateCode, params: templateParam, at: new Date().toISOString() });
    return answer(200, { Code: 'OK', Message: 'OK', RequestId: randomUUID(), BizId: `${Date.now()}^0` });
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://standin');
      let result;
      if (req.method === 'GET' && url.pathname === '/_standin/messages') {
        const phone = url.searchParams.get('phone');
        result = answer(200, delivered.filter((m) => !phone || m.phone === phone));
      } else if (req.method === 'POST' && url.pathname === '/') {
        result = sendSms(Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
      } else {
        result = fail(404, 'InvalidAction.NotFound', 'Specified api is not found.');
      }
      res.writeHead(result.status, { 'content-type': 'application/json;charset=utf-8' });
      res.end(JSON.stringify(result.body));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      resolve({ server, url: `http://127.0.0.1:${port}`, delivered });
    });
  });
}
