import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { runWithContext, type Actor } from '@fuel/shared';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';

/** Runs each HTTP handler inside the request context (request id, and the caller once authenticated). */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>();
    return new Observable((subscriber) =>
      runWithContext({ requestId: request.id, actor: request.actor, clientIp: request.ip }, () => next.handle().subscribe(subscriber)),
    );
  }
}
