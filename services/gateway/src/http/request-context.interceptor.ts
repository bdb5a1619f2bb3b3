import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { runWithContext, type Actor } from '@fuel/shared';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { idempotencyKeyOf } from './idempotency.interceptor.js';

/**
 * Runs each HTTP handler inside the request context: request id, the caller once authenticated, and the request's
 * Idempotency-Key, which the calls it makes carry to the service (which can then answer a retry whose first answer
 * was lost with what that first request committed).
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>();
    return new Observable((subscriber) =>
      runWithContext({ requestId: request.id, actor: request.actor, clientIp: request.ip, requestKey: idempotencyKeyOf(request) }, () => next.handle().subscribe(subscriber)),
    );
  }
}
