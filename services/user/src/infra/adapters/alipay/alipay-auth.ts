/**
 * Alipay mini-program login: the client's auth code (my.getAuthCode) is exchanged for the user id through
 * alipay.system.oauth.token, with the official SDK (shared AlipayOpenApi: signed request, verified answer).
 * In dev and tests ALIPAY_GATEWAY points at the local stand-in.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, LOGGER, SERVICE_ENV, type Logger } from '@fuel/shared';
import { AlipayOpenApi, type AlipayAnswer } from '@fuel/shared/alipay';
import type { UserEnv } from '../../../config/user-env.js';

export abstract class AlipayAuth {
  /** The Alipay user id (2088…) behind an auth code. */
  abstract userIdFor(code: string): Promise<string>;
}

@Injectable()
export class AlipayAuthClient extends AlipayAuth {
  private readonly api: AlipayOpenApi;

  constructor(
    @Inject(SERVICE_ENV) env: UserEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
    this.api = new AlipayOpenApi({ appId: env.ALIPAY_APP_ID, appPrivateKey: env.ALIPAY_APP_PRIVATE_KEY, alipayPublicKey: env.ALIPAY_PUBLIC_KEY, gateway: env.ALIPAY_GATEWAY, timeoutMs: 5000 });
  }

  async userIdFor(code: string): Promise<string> {
    let answer: AlipayAnswer;
    try {
      answer = await this.api.call('alipay.system.oauth.token', { grantType: 'authorization_code', code });
    } catch (error) {
      this.logger.error({ err: String(error) }, 'alipay gateway unreachable or answer failed signature verification');
      throw new DomainError(ErrorCode.PROVIDER_ERROR, '支付宝登录暂时不可用，请稍后再试');
    }
    if (answer.ok && answer.body.user_id) return answer.body.user_id;
    if (!answer.ok && answer.subCode === 'isv.code-invalid') throw new DomainError(ErrorCode.UNAUTHENTICATED, '登录凭证无效或已使用，请重新登录');
    this.logger.error(answer.ok ? { missing: 'user_id' } : { subCode: answer.subCode, subMsg: answer.subMsg }, 'alipay oauth refused');
    throw new DomainError(ErrorCode.PROVIDER_ERROR, '支付宝登录暂时不可用，请稍后再试');
  }
}
