/**
 * Port for telling a member something outside the app, with the WeChat subscribe-message adapter
 * (access token from /cgi-bin/token, cached until shortly before it expires and fetched again when WeChat says
 * it is no longer valid).
 */
import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, SERVICE_ENV, type Logger, realTime } from '@fuel/shared';
import type { UserEnv } from '../../../config/user-env.js';

export type NotifyOutcome = { sent: true } | { sent: false; reason: string };

export abstract class MemberNotifier {
  abstract send(openId: string, template: string, page: string, data: Record<string, string>): Promise<NotifyOutcome>;
}

/**
 * WeChat server APIs that take the app's access token: fetched from /cgi-bin/token, cached until shortly before
 * it expires, and fetched again once when WeChat says it is no longer valid (40001/42001).
 */
@Injectable()
export class WechatServerApi {
  private token?: { value: string; expiresAt: number };

  constructor(@Inject(SERVICE_ENV) private readonly env: UserEnv) {}

  async post<T extends { errcode: number; errmsg: string }>(path: string, body: unknown): Promise<T> {
    let answer: T | undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = await this.accessToken(attempt > 0);
      const response = await fetch(`${this.env.WECHAT_API_BASE}${path}?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5000),
      });
      answer = (await response.json()) as T;
      if (answer.errcode !== 40001 && answer.errcode !== 42001) return answer;
    }
    return answer!;
  }

  private async accessToken(fresh: boolean): Promise<string> {
    if (!fresh && this.token && this.token.expiresAt > realTime.now().getTime()) return this.token.value;
    const query = new URLSearchParams({ grant_type: 'client_credential', appid: this.env.WECHAT_APP_ID, secret: this.env.WECHAT_APP_SECRET });
    const answer = (await (await fetch(`${this.env.WECHAT_API_BASE}/cgi-bin/token?${query}`, { signal: AbortSignal.timeout(5000) })).json()) as {
      access_token?: string;
      expires_in?: number;
      errcode?: number;
    };
    if (!answer.access_token) throw new Error(`wechat token refused: ${answer.errcode}`);
    this.token = { value: answer.access_token, expiresAt: realTime.now().getTime() + ((answer.expires_in ?? 7200) - 300) * 1000 };
    return this.token.value;
  }
}

@Injectable()
export class WechatSubscribeNotifier extends MemberNotifier {
  constructor(
    private readonly api: WechatServerApi,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  async send(openId: string, template: string, page: string, data: Record<string, string>): Promise<NotifyOutcome> {
    try {
      const answer = await this.api.post('/cgi-bin/message/subscribe/send', {
        touser: openId,
        template_id: template,
        page,
        data: Object.fromEntries(Object.entries(data).map(([k, value]) => [k, { value }])),
      });
      return answer.errcode === 0 ? { sent: true } : { sent: false, reason: `${answer.errcode} ${answer.errmsg}` };
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'wechat subscribe message failed');
      return { sent: false, reason: String(error) };
    }
  }
}
