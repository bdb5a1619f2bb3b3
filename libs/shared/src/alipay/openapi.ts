/**
 * Alipay OpenAPI through the official alipay-sdk (`@fuel/shared/alipay`, a separate entry so that services
 * without Alipay do not load it): it signs requests (RSA2), verifies answers and notifications. Ours only where it
 * falls short, each shown by the stand-in:
 * - the request timestamp: the SDK writes the machine's local wall time, but Alipay reads it as Beijing time, so on
 *   a server in UTC every request would be 8 hours off and refused (isv.invalid-timestamp); we pass our own.
 * - signed `error_response` answers (e.g. isv.code-invalid for a used auth code): the SDK looks for the signed
 *   text under the method's key only, so it reports a signature failure instead of the error; we verify the
 *   error member ourselves with the SDK's own `rsaCheck`, then read its code.
 */
import { AlipayRequestError, AlipaySdk } from 'alipay-sdk';
import { alipayTimestamp, rawJsonMember } from '../providers/alipay-protocol.js';
import { realTime } from '../time/clock.js';

export interface AlipayOpenApiConfig {
  appId: string;
  /** PEM, PKCS#8 or PKCS#1. */
  appPrivateKey: string;
  /** Alipay's public key (PEM): answers and notifications are verified with it. */
  alipayPublicKey: string;
  /** https://openapi.alipay.com/gateway.do in production; the stand-in's in development and tests. */
  gateway: string;
  timeoutMs: number;
}

/** An answer whose signature was verified: success (code 10000) or Alipay's business refusal. */
export type AlipayAnswer = { ok: true; body: Record<string, string> } | { ok: false; code: string; subCode: string; subMsg: string };

/** No verified answer: unreachable, not JSON, or a signature that does not verify. */
export class AlipayUnavailable extends Error {}

export class AlipayOpenApi {
  private readonly sdk: AlipaySdk;

  constructor(config: AlipayOpenApiConfig) {
    this.sdk = new AlipaySdk({
      appId: config.appId,
      privateKey: config.appPrivateKey,
      keyType: config.appPrivateKey.includes('BEGIN RSA PRIVATE KEY') ? 'PKCS1' : 'PKCS8',
      alipayPublicKey: config.alipayPublicKey,
      gateway: config.gateway,
      timeout: config.timeoutMs,
      camelcase: false,
    });
  }

  /** Calls `method` with its business content (biz_content) and any other request parameters (notify_url, code…). */
  async call(method: string, params: { bizContent?: Record<string, unknown>; [name: string]: unknown }, now = realTime.now()): Promise<AlipayAnswer> {
    let result: Record<string, unknown>;
    try {
      result = (await this.sdk.exec(method, { ...params, timestamp: alipayTimestamp(now) }, { validateSign: true })) as Record<string, unknown>;
    } catch (error) {
      const refusal = error instanceof AlipayRequestError ? this.signedErrorResponse(error.responseDataRaw) : undefined;
      if (refusal) return refusal;
      throw new AlipayUnavailable(error instanceof Error ? error.message.slice(0, 300) : String(error));
    }
    // Most methods answer code 10000 on success; a few (alipay.system.oauth.token) answer without a code.
    if (result.code === undefined || result.code === '10000') return { ok: true, body: result as Record<string, string> };
    return { ok: false, code: String(result.code ?? ''), subCode: String(result.sub_code ?? ''), subMsg: String(result.sub_msg ?? '') };
  }

  /** An asynchronous notification's parameters (form-decoded): RSA2 over the sorted parameters, by the SDK. */
  verifyNotification(params: Record<string, string>): boolean {
    try {
      return this.sdk.checkNotifySignV2(params);
    } catch {
      return false;
    }
  }

  private signedErrorResponse(raw: string | undefined): AlipayAnswer | undefined {
    if (!raw) return undefined;
    const content = rawJsonMember(raw, 'error_response');
    let signature: unknown;
    try {
      signature = (JSON.parse(raw) as { sign?: unknown }).sign;
    } catch {
      return undefined;
    }
    if (!content || typeof signature !== 'string' || !this.sdk.rsaCheck(content, signature)) return undefined;
    const node = JSON.parse(content) as Record<string, string>;
    return { ok: false, code: node.code ?? '', subCode: node.sub_code ?? '', subMsg: node.sub_msg ?? '' };
  }
}
