/**
 * Alipay OpenAPI (gateway.do) request and response signing, RSA2 (SHA256withRSA):
 * - a request is signed over its parameters (without `sign`, without empty values) sorted by name and joined
 *   as `k=v&k=v` with raw values;
 * - a response is signed over the exact JSON text of its `<method>_response` (or `error_response`) member.
 * Used by the production adapter and by the local stand-in, so both sides share one rule.
 */
import { createSign, createVerify } from 'node:crypto';
import { shanghaiWallClock } from '../time/shanghai.js';

export function alipaySignContent(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== '' && params[k] !== undefined)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

export function signRsa2(content: string, privateKeyPem: string): string {
  return createSign('RSA-SHA256').update(content, 'utf8').sign(privateKeyPem, 'base64');
}

export function verifyRsa2(content: string, signature: string, publicKeyPem: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(content, 'utf8').verify(publicKeyPem, signature, 'base64');
  } catch {
    return false;
  }
}

/** "yyyy-MM-dd HH:mm:ss" in Asia/Shanghai, as the gateway expects. */
export function alipayTimestamp(date: Date): string {
  return shanghaiWallClock(date).toISOString().slice(0, 19).replace('T', ' ');
}

/** Pulls the raw JSON text of `key` out of a response body, as signed (no re-serialisation). */
export function rawJsonMember(body: string, key: string): string | undefined {
  const start = body.indexOf(`"${key}":`);
  if (start < 0) return undefined;
  let i = body.indexOf('{', start);
  const from = i;
  let depth = 0;
  let inString = false;
  for (; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return body.slice(from, i + 1);
  }
  return undefined;
}
