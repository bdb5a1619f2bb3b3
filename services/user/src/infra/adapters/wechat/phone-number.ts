/** The phone number behind a getPhoneNumber code (WeChat POST /wxa/business/getuserphonenumber). */
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, LOGGER, type Logger } from '@fuel/shared';
import { WechatServerApi } from './subscribe-notifier.js';

export abstract class PhoneNumberSource {
  abstract phoneFor(code: string): Promise<string>;
}

@Injectable()
export class WechatPhoneNumber extends PhoneNumberSource {
  constructor(
    private readonly api: WechatServerApi,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  async phoneFor(code: string): Promise<string> {
    let answer: { errcode: number; errmsg: string; phone_info?: { purePhoneNumber: string; countryCode: string } };
    try {
      answer = await this.api.post('/wxa/business/getuserphonenumber', { code });
    } catch (error) {
      this.logger.error({ err: String(error) }, 'wechat phone number unreachable');
      throw new DomainError(ErrorCode.PROVIDER_ERROR, '微信服务暂时不可用，请稍后再试');
    }
    if (answer.errcode === 0 && answer.phone_info) return answer.phone_info.purePhoneNumber;
    if (answer.errcode === 40029) throw DomainError.invalid([{ field: 'body.code', message: '手机号授权码无效或已使用' }], '手机号授权失败');
    this.logger.error({ errcode: answer.errcode, errmsg: answer.errmsg }, 'wechat phone number refused');
    throw new DomainError(ErrorCode.PROVIDER_ERROR, '微信服务暂时不可用，请稍后再试');
  }
}
