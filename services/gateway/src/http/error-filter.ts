/**
 * Every error leaves the gateway in one envelope: {"error":{"code","message","details","requestId"}}.
 * Framework errors (bad JSON, unknown route, body too large) are translated here too; anything unexpected
 * is logged with its stack and answered with a generic 500, never the stack.
 */
import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DomainError, ErrorCode, type ErrorBody, type Logger } from '@fuel/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { httpStatusFor } from './error-status.js';

const HTTP_CODES: Record<number, [string, string]> = {
  400: [ErrorCode.VALIDATION_FAILED, '请求格式有误'],
  401: [ErrorCode.UNAUTHENTICATED, '请先登录'],
  403: [ErrorCode.FORBIDDEN, '没有权限'],
  404: [ErrorCode.NOT_FOUND, '接口不存在'],
  405: [ErrorCode.NOT_FOUND, '接口不存在'],
  413: [ErrorCode.VALIDATION_FAILED, '请求内容过大'],
  415: [ErrorCode.VALIDATION_FAILED, '不支持的内容类型，请使用 application/json'],
  429: [ErrorCode.RATE_LIMITED, '请求过于频繁'],
};

export function toErrorResponse(exception: unknown, logger: Logger): { status: number; body: ErrorBody } {
  if (exception instanceof DomainError) {
    const status = httpStatusFor(exception.code);
    if (status >= 500) logger.warn({ code: exception.code, details: exception.details }, exception.message);
    return { status, body: exception.toBody() };
  }
  const status = exception instanceof HttpException ? exception.getStatus() : (exception as { statusCode?: number })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const [code, message] = HTTP_CODES[status] ?? [ErrorCode.VALIDATION_FAILED, '请求有误'];
    return { status, body: { code, message } };
  }
  logger.error({ err: exception }, 'unhandled error');
  return { status: 500, body: { code: ErrorCode.INTERNAL, message: '服务内部错误' } };
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { status, body } = toErrorResponse(exception, this.logger);
    const retryAfter = (body.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (status === 429 && typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    // Unavailable (a service down, or refusing work it has no room for): nothing was done, come back shortly.
    if (status === 503) void reply.header('retry-after', '1');
    void reply.status(status).send({ error: { ...body, requestId: request.id } });
  }
}
