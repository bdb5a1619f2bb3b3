/**
 * WeChat mini-program login: the client's one-time code is exchanged for openid/unionid/session_key
 * (GET /sns/jscode2session). In dev and tests WECHAT_API_BASE points at the local stand-in.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, LOGGER, SERVICE_ENV, type Logger } from '@fuel/shared';
import type { UserEnv } from '../../../config/user-env.js';

export interface WechatSession {
  openId: string;
  unionId: string | null;
  sessionKey: string;
}

export abstract class WechatAuth {
  abstract code2session(code: string): Promise<WechatSession>;
}

interface Code2SessionAnswer {
  openid?: string;
  unionid?: string;
  session_key?: string;
  errcode?: number;
  errmsg?: string;
}

@Injectable()
export class WechatAuthClient extends WechatAuth {
  constructor(
    @Inject(SERVICE_ENV) private readonly env: UserEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  async code2session(code: string): Promise<WechatSession> {
    const query = new URLSearchParams({ appid: this.env.WECHAT_APP_ID, secret: this.env.WECHAT_APP_SECRET, js_code: code, grant_type: 'authorization_code' });
    let answer: Code2SessionAnswer;
    try {
      const response = await fetch(`${this.env.WECHAT_API_BASE}/sns/jscode2session?${query}`, { signal: AbortSignal.timeout(5000) });
      answer = (await response.json()) as Code2SessionAnswer;
    } catch (error) {
      this.logger.error({ err: String(error) }, 'wechat code2session unreachable');
      throw new DomainError(ErrorCode.PROVIDER_ERROR, '微信登录暂时不可用，请稍后再试');
    }
    if (!answer.errcode && answer.openid && answer.session_key) {
      return { openId: answer.openid, unionId: answer.unionid ?? null, sessionKey: answer.session_key };
    }
    switch (answer.errcode) {
      case 40029:
      case 40163:
        throw new DomainError(ErrorCode.UNAUTHENTICATED, '登录凭证无效或已使用，请重新登录');
      case 45011:
        throw new DomainError(ErrorCode.RATE_LIMITED, '登录过于频繁，请稍后再试');
      case 40226:
        throw new DomainError(ErrorCode.FORBIDDEN, '账号存在安全风险，暂时无法登录');
      default:
        this.logger.error({ errcode: answer.errcode, errmsg: answer.errmsg }, 'wechat code2session refused');
        throw new DomainError(ErrorCode.PROVIDER_ERROR, '微信登录暂时不可用，请稍后再试');
    }
  }
}
