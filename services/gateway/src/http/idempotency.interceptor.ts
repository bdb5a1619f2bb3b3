/**
 * Client retries are safe on every mutating route: a signed-in caller's change may carry an `Idempotency-Key`, which
 * the gateway checks for form and sends on with the calls the request makes (RpcMeta.requestKey). The service that
 * makes the change keeps the key with it, in its own database and the same transaction (issue 22): a sale on the
 * record it made (the order, the payment attempt, the recharge's payable, the confirmed order), every other change in
 * `kept_replies` (libs/shared kept-replies.ts). The same request again gets the same answer from there, whether Redis
 * is up, down or restarted empty; the same key with another request is 422 IDEMPOTENCY_KEY_REUSED; a failed request
 * kept nothing and can be sent again as is. The gateway keeps no copy of its own.
 * Changes that set a value (a station's details, an account enabled, disabled or moved, an order shipped with a
 * waybill) answer the same when repeated without a kept key; quotes, previews and 到店券码 change nothing kept.
 * Public routes are sign-in steps (never replayed) and back-office pushes, whose signed tokens already work once.
 */
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { DomainError, type Actor } from '@fuel/shared';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY_FORMAT = /^[A-Za-z0-9:_-]{8,80}$/;

/** The Idempotency-Key a request offers, as sent, when it is a signed-in caller's change. */
function offeredKey(request: FastifyRequest & { actor?: Actor }): string | undefined {
  const header = request.headers['idempotency-key'];
  return MUTATING.has(request.method) && header !== undefined && request.actor ? String(header) : undefined;
}

/** The request's Idempotency-Key when it is one the services honour (offered and well formed). */
export function idempotencyKeyOf(request: FastifyRequest & { actor?: Actor }): string | undefined {
  const key = offeredKey(request);
  return key !== undefined && KEY_FORMAT.test(key) ? key : undefined;
}

/** Refuses a malformed key (400) before any work, rather than running the change unprotected. */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const key = offeredKey(context.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>());
    if (key !== undefined && !KEY_FORMAT.test(key)) {
      throw DomainError.invalid([{ field: 'headers.idempotency-key', message: '幂等键为 8–80 位字母、数字或 :_-' }]);
    }
    return next.handle();
  }
}
