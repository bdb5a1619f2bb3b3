/**
 * The providers' notification routes. WeChat signs the raw body bytes, so the route reads the body exactly as it
 * arrived (kept by the gateway's JSON parser, see app.ts) and forwards it untouched with the signature headers;
 * the payment service verifies and applies it. The answer is in WeChat's shape, not our envelope: 204 accepts, a
 * 4xx/5xx with {"code":"FAIL","message"} asks WeChat to send it again later.
 */
import { Controller, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode, LOGGER, paymentContracts, ServiceClient, type Logger } from '@fuel/shared';
import { Inject } from '@nestjs/common';
import { Access } from '../../guards/access.js';
import { rawBodyOf } from '../../http/raw-body.js';

const SIGNATURE_HEADERS = ['wechatpay-serial', 'wechatpay-signature', 'wechatpay-timestamp', 'wechatpay-nonce', 'wechatpay-signature-type'];

@ApiExcludeController()
@Access({ public: true })
@Controller('payments')
export class ProviderNotificationsController {
  constructor(
    private readonly services: ServiceClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Post('wechat/notify')
  async wechat(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const headers = Object.fromEntries(SIGNATURE_HEADERS.flatMap((name) => (typeof request.headers[name] === 'string' ? [[name, request.headers[name] as string]] : [])));
    const body = rawBodyOf(request);
    try {
      if (body === undefined) throw DomainError.invalid([{ field: 'body', message: '不能为空' }]);
      await this.services.call(paymentContracts.wechatNotification, { headers, body });
      await reply.status(204).send();
    } catch (error) {
      const refused = error instanceof DomainError && error.code !== ErrorCode.SERVICE_UNAVAILABLE && error.code !== ErrorCode.INTERNAL;
      if (!refused) this.logger.error({ err: String(error) }, 'wechat pay notification could not be handled');
      await reply.status(refused ? 400 : 500).send({ code: 'FAIL', message: refused ? '通知校验失败' : '系统繁忙，请稍后重试' });
    }
  }
}
