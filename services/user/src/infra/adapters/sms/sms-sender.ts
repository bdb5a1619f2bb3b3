/**
 * Port for sending text messages, with the Alibaba Cloud SMS adapter (SendSms, RPC signature 1.0).
 * In dev and tests SMS_ENDPOINT points at the local stand-in, which checks the same signature.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, LOGGER, SERVICE_ENV, signedSendSmsParams, type Logger, type SendSmsResponse } from '@fuel/shared';
import type { UserEnv } from '../../../config/user-env.js';

export abstract class SmsSender {
  abstract send(phone: string, templateCode: string, params: Record<string, string>): Promise<void>;
}

@Injectable()
export class AliyunSmsSender extends SmsSender {
  constructor(
    @Inject(SERVICE_ENV) private readonly env: UserEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  async send(phone: string, templateCode: string, params: Record<string, string>): Promise<void> {
    const form = signedSendSmsParams(
      { accessKeyId: this.env.SMS_ACCESS_KEY_ID, phoneNumbers: phone, signName: this.env.SMS_SIGN_NAME, templateCode, templateParam: params },
      this.env.SMS_ACCESS_KEY_SECRET,
    );
    let body: SendSmsResponse;
    try {
      const response = await fetch(this.env.SMS_ENDPOINT, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form),
        signal: AbortSignal.timeout(5000),
      });
      body = (await response.json()) as SendSmsResponse;
    } catch (error) {
      this.logger.error({ err: String(error) }, 'sms provider unreachable');
      throw new DomainError(ErrorCode.PROVIDER_ERROR, '短信发送失败，请稍后再试');
    }
    if (body.Code === 'isv.BUSINESS_LIMIT_CONTROL') throw new DomainError(ErrorCode.RATE_LIMITED, '验证码发送过于频繁，请稍后再试');
    if (body.Code !== 'OK') {
      this.logger.error({ code: body.Code, providerMessage: body.Message, requestId: body.RequestId }, 'sms provider refused');
      throw new DomainError(ErrorCode.PROVIDER_ERROR, '短信发送失败，请稍后再试');
    }
  }
}
