/**
 * The providers' notification routes. Both providers sign what they send, so each route reads the body exactly as
 * it arrived (kept by the gateway's parsers for these routes only, see raw-body.ts) and forwards it untouched, with
 * WeChat's signature headers; the payment service verifies and applies it. Each answers in its provider's shape,
 * not our envelope:
 * - WeChat: 204 accepts; a 4xx/5xx with {"code":"FAIL","message"} asks WeChat to send it again later.
 * - Alipay: the text `success` accepts; anything else (we answer `fail`) is sent again on Alipay's schedule.
 */
import { Controller, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, isDefiniteRefusal, LOGGER, paymentContracts, ServiceClient, type Logger } from '@fuel/shared';
import { Inject } from '@nestjs/common';
import { Access } from '../../guards/access.js';
import { rawBodyOf } from '../../http/raw-body.js';
import { RateLimitGroup } from '../../http/rate-limits.js';

const SIGNATURE_HEADERS = ['wechatpay-serial', 'wechatpay-signature', 'wechatpay-timestamp', 'wechatpay-nonce', 'wechatpay-signature-type'];

@ApiExcludeController()
@Access({ public: true })
@RateLimitGroup('provider')
@Controller('payments')
export class ProviderNotificationsController {
  constructor(
    private readonly services: ServiceClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Post('wechat/notify')
  async wechat(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const headers = Object.fromEntries(SIGNATURE_HEADERS.flatMap((name) => (typeof request.headers[name] === 'string' ? [[name, request.headers[name] as string]] : [])));
    const outcome = await this.forward(paymentContracts.wechatNotification, headers, rawBodyOf(request));
    if (outcome === 'accepted') return void (await reply.status(204).send());
    await reply.status(outcome === 'refused' ? 400 : 500).send({ code: 'FAIL', message: outcome === 'refused' ? '通知校验失败' : '系统繁忙，请稍后重试' });
  }

  @Post('alipay/notify')
  async alipay(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const outcome = await this.forward(paymentContracts.alipayNotification, {}, rawBodyOf(request));
    await reply.status(200).type('text/plain; charset=utf-8').send(outcome === 'accepted' ? 'success' : 'fail');
  }

  /** Refused: the payment service checked it and said no (the provider may send it again, it will not pass). */
  private async forward(contract: typeof paymentContracts.wechatNotification, headers: Record<string, string>, body: string | undefined): Promise<'accepted' | 'refused' | 'failed'> {
    try {
      if (body === undefined) throw DomainError.invalid([{ field: 'body', message: '不能为空' }]);
      await this.services.call(contract, { headers, body });
      return 'accepted';
    } catch (error) {
      const refused = isDefiniteRefusal(error);
      if (!refused) this.logger.error({ err: String(error), contract: contract.pattern }, 'payment notification could not be handled');
      return refused ? 'refused' : 'failed';
    }
  }
}
