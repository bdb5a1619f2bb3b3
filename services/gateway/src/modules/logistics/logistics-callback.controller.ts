/**
 * The carrier's tracking pushes (Kuaidi100-style): a form post whose `param` is signed MD5(param + salt). The body
 * is kept as it arrived (raw-body.ts) and forwarded; the order service verifies and applies it. Answered in the
 * provider's shape: {"result":true,"returnCode":"200"} accepts, anything else makes it push again later.
 */
import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, isDefiniteRefusal, LOGGER, orderContracts, ServiceClient, type Logger } from '@fuel/shared';
import { Access } from '../../guards/access.js';
import { rawBodyOf } from '../../http/raw-body.js';
import { RateLimitGroup } from '../../http/rate-limits.js';

@ApiExcludeController()
@Access({ public: true })
@RateLimitGroup('provider')
@Controller('logistics')
export class LogisticsCallbackController {
  constructor(
    private readonly services: ServiceClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Post('kuaidi100/callback')
  async push(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = rawBodyOf(request);
    try {
      if (body === undefined) throw DomainError.invalid([{ field: 'body', message: '不能为空' }]);
      await this.services.call(orderContracts.trackingPush, { body });
      await reply.status(200).send({ result: true, returnCode: '200', message: '成功' });
    } catch (error) {
      const refused = isDefiniteRefusal(error);
      if (!refused) this.logger.error({ err: String(error) }, 'logistics push could not be handled');
      await reply.status(200).send({ result: false, returnCode: refused ? '400' : '500', message: refused ? '校验失败' : '系统繁忙' });
    }
  }
}
