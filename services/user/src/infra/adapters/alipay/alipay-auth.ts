/**
 * Alipay mini-program login: the client's auth code (my.getAuthCode) is exchanged for the user id through
 * alipay.system.oauth.token on the OpenAPI gateway, with an RSA2-signed request and a verified RSA2 answer.
 * In dev and tests ALIPAY_GATEWAY points at the local stand-in.
 */
import { Inject, Injectable } from '@nestjs/common';
import { alipaySignContent, alipayTimestamp, DomainError, ErrorCode, LOGGER, rawJsonMember, SERVICE_ENV, signRsa2, verifyRsa2, type Logger } from '@fuel/shared';
import type { UserEnv } from '../../../config/user-env.js';

export abstract class AlipayAuth {
  /** The Alipay user id (2088…) behind an auth code. */
  abstract userIdFor(code: string): Promise<string>;
}

@Injectable()
export class AlipayAuthClient extends AlipayAuth {
  constructor(
    @Inject(SERVICE_ENV) private readonly env: UserEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  async userIdFor(code: string): Promise<string> {
    const params: Record<string, string> = {
      app_id: this.env.ALIPAY_APP_ID,
      method: 'alipay.system.oauth.token',
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: alipayTimestamp(new Date()),
      version: '1.0',
      grant_type: 'authorization_code',
      code,
    };
    params.sign = signRsa2(alipaySignContent(params), this.env.ALIPAY_APP_PRIVATE_KEY);
    let body: string;
    try {
      const response = await fetch(this.env.ALIPAY_GATEWAY, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
        body: new URLSearchParams(params),
        signal: AbortSignal.timeout(5000),
      });
      body = await response.text();
    } catch (error) {
      this.logger.error({ err: String(error) }, 'alipay gateway unreachable');
      throw new DomainError(ErrorCode.PROVIDER_ERROR, '支付宝登录暂时不可用，请稍后再试');
    }
    const key = body.includes('"alipay_system_oauth_token_response"') ? 'alipay_system_oauth_token_response' : 'error_response';
    const content = rawJsonMember(body, key);
    let signature = '';
    try {
      signature = (JSON.parse(body) as { sign?: string }).sign ?? '';
    } catch {
      // not JSON at all: refused below like any answer that fails verification
    }
    if (!content || !verifyRsa2(content, signature, this.env.ALIPAY_PUBLIC_KEY)) {
      this.logger.error({ key }, 'alipay answer failed signature verification');
      throw new DomainError(ErrorCode.PROVIDER_ERROR, '支付宝登录暂时不可用，请稍后再试');
    }
    const node = JSON.parse(content) as { user_id?: string; sub_code?: string; sub_msg?: string };
    if (key === 'alipay_system_oauth_token_response' && node.user_id) return node.user_id;
    if (node.sub_code === 'isv.code-invalid') throw new DomainError(ErrorCode.UNAUTHENTICATED, '登录凭证无效或已使用，请重新登录');
    this.logger.error({ subCode: node.sub_code, subMsg: node.sub_msg }, 'alipay oauth refused');
    throw new DomainError(ErrorCode.PROVIDER_ERROR, '支付宝登录暂时不可用，请稍后再试');
  }
}
