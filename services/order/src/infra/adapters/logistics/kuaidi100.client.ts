/**
 * Express tracking through a Kuaidi100-style API (the usual one for Chinese shops): subscribe to a waybill with
 * our callback URL and salt, receive tracking pushes signed MD5(param + salt), query as the fallback. In
 * development and tests the base URL is the local stand-in. No official Node SDK exists; the protocol is two
 * form posts and an MD5, written here.
 */
import { createHash } from 'node:crypto';
import { DomainError, ErrorCode, type Logger } from '@fuel/shared';

export interface TrackingResult {
  waybillNo: string;
  carrier: string;
  /** 0 在途, 5 派件, 3 签收 (and the other Kuaidi100 states). */
  state: string;
  events: Array<{ time: string; context: string; status: string }>;
}

export interface Kuaidi100Config {
  apiBase: string;
  key: string;
  customer: string;
  callbackUrl: string;
  salt: string;
  timeoutMs: number;
}

const md5Upper = (text: string) => createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();

interface LastResult {
  nu: string;
  com: string;
  state: string;
  data?: Array<{ time: string; context: string; status?: string }>;
}

const toResult = (r: LastResult): TrackingResult => ({ waybillNo: r.nu, carrier: r.com, state: r.state, events: (r.data ?? []).map((e) => ({ time: e.time, context: e.context, status: e.status ?? '' })) });

export class Kuaidi100Client {
  constructor(
    private readonly config: Kuaidi100Config,
    private readonly logger: Logger,
  ) {}

  async subscribe(carrier: string, waybillNo: string): Promise<void> {
    const param = JSON.stringify({ company: carrier, number: waybillNo, key: this.config.key, parameters: { callbackurl: this.config.callbackUrl, salt: this.config.salt, resultv2: '1' } });
    const answer = await this.post('/poll', { schema: 'json', param });
    // 501: already subscribed (a retried ship) is what we wanted.
    if (answer.result === true || answer.returnCode === '501') return;
    this.logger.warn({ waybillNo, returnCode: answer.returnCode, message: answer.message }, 'logistics subscription refused');
    throw new DomainError(ErrorCode.PROVIDER_ERROR, '物流服务暂时不可用，请稍后再试', { provider: 'kuaidi100', returnCode: answer.returnCode });
  }

  /** The fallback when pushes do not come: null when the carrier has nothing yet. */
  async query(carrier: string, waybillNo: string): Promise<TrackingResult | null> {
    const param = JSON.stringify({ com: carrier, num: waybillNo });
    const answer = await this.post('/poll/query.do', { customer: this.config.customer, param, sign: md5Upper(param + this.config.key + this.config.customer) });
    return answer.message === 'ok' && typeof answer.nu === 'string' ? toResult(answer as unknown as LastResult) : null;
  }

  /** A push as the gateway received it (the form body): the signature first, then its content. */
  verifyPush(rawBody: string): TrackingResult | null {
    const form = new URLSearchParams(rawBody);
    const param = form.get('param');
    const sign = form.get('sign');
    if (!param || !sign || md5Upper(param + this.config.salt) !== sign.toUpperCase()) return null;
    try {
      const { lastResult } = JSON.parse(param) as { lastResult?: LastResult };
      return lastResult && typeof lastResult.nu === 'string' ? toResult(lastResult) : null;
    } catch {
      return null;
    }
  }

  private async post(path: string, form: Record<string, string>): Promise<Record<string, unknown>> {
    try {
      const response = await fetch(`${this.config.apiBase.replace(/\/+$/, '')}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form), signal: AbortSignal.timeout(this.config.timeoutMs) });
      return (await response.json()) as Record<string, unknown>;
    } catch (error) {
      this.logger.warn({ path, err: String(error) }, 'logistics unreachable');
      throw new DomainError(ErrorCode.PROVIDER_ERROR, '物流服务暂时无法连接，请稍后再试', { provider: 'kuaidi100' });
    }
  }
}
