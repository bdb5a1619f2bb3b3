/**
 * Client retries are safe on every mutating route: a request with an `Idempotency-Key` header is run once per
 * caller and key. The first successful response is stored (24 h) and replayed for a retry with the same body; the
 * same key with a different body is 422 IDEMPOTENCY_KEY_REUSED; while the first is still running, 409
 * IDEMPOTENCY_IN_PROGRESS. A failed first attempt releases the key, so the client can retry it as is.
 * Only for signed-in callers: public routes are sign-in steps (whose tokens must never be stored or replayed) and
 * back-office pushes, whose signed tokens already work once.
 */
import { createHash } from 'node:crypto';
import { Inject, Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ErrorCode, HOT_STORE, REQUEST_KEYS_KEPT_SECONDS, type Actor, type HotStore } from '@fuel/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { defer, lastValueFrom, type Observable } from 'rxjs';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env.js';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY_FORMAT = /^[A-Za-z0-9:_-]{8,80}$/;

const malformedKey = () => DomainError.invalid([{ field: 'headers.idempotency-key', message: '幂等键为 8–80 位字母、数字或 :_-' }]);

/** The Idempotency-Key a request offers, as sent, when this interceptor applies to it (a signed-in caller's change). */
function offeredKey(request: FastifyRequest & { actor?: Actor }): string | undefined {
  const header = request.headers['idempotency-key'];
  return MUTATING.has(request.method) && header !== undefined && request.actor ? String(header) : undefined;
}

/** The request's Idempotency-Key when it is one this interceptor honours (offered and well formed). */
export function idempotencyKeyOf(request: FastifyRequest & { actor?: Actor }): string | undefined {
  const key = offeredKey(request);
  return key !== undefined && KEY_FORMAT.test(key) ? key : undefined;
}

const KEYED_IN_SERVICE = Symbol('keyed-in-service');
/**
 * The route's service keeps the request's Idempotency-Key with the change it makes, in its own database and in the
 * same transaction (RpcMeta.requestKey): the same request again gets the same answer from there, whether or not
 * Redis is up or still holds anything. Such routes skip the Redis copy here (issue 22: a Redis outage must not
 * stop a sale); the key's form is still checked. `forBody`: when only some requests of the route are (by body).
 */
export const KeyedInService = (forBody: (body: unknown) => boolean = () => true) => SetMetadata(KEYED_IN_SERVICE, forBody);

/** The route's own status code is applied again on replay (Nest sets it after interceptors), so only the body is kept. */
type Stored = { state: 'running'; fingerprint: string } | { state: 'done'; fingerprint: string; body: unknown };

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(HOT_STORE) private readonly hot: HotStore,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>();
    const key = offeredKey(request);
    if (key === undefined) return next.handle();
    if (this.reflector.get<((body: unknown) => boolean) | undefined>(KEYED_IN_SERVICE, context.getHandler())?.(request.body)) {
      if (!KEY_FORMAT.test(key)) throw malformedKey();
      return next.handle();
    }
    // defer: run at subscription, inside the request context the outer interceptor establishes.
    return defer(() => this.once(request, context.switchToHttp().getResponse<FastifyReply>(), key, next));
  }

  private async once(request: FastifyRequest & { actor?: Actor }, reply: FastifyReply, key: string, next: CallHandler): Promise<unknown> {
    if (!KEY_FORMAT.test(key)) throw malformedKey();
    const caller = `${request.actor!.kind}:${request.actor!.id}`;
    const slot = `idempotency:${caller}:${request.method}:${request.routeOptions.url}:${key}`;
    const fingerprint = createHash('sha256').update(`${request.url}\n${JSON.stringify(request.body ?? null)}`).digest('hex');
    const running: Stored = { state: 'running', fingerprint };
    // The running marker outlives a request by little, so a crash mid-request does not block the key for a day.
    if (!(await this.hot.setIfAbsent(slot, JSON.stringify(running), Math.ceil((this.env.RPC_TIMEOUT_MS * 2) / 1000) + 5))) {
      const stored = JSON.parse((await this.hot.get(slot)) ?? 'null') as Stored | null;
      if (!stored) throw new DomainError(ErrorCode.IDEMPOTENCY_IN_PROGRESS, '请求正在处理中，请稍后重试');
      if (stored.fingerprint !== fingerprint) throw DomainError.keyReused();
      if (stored.state === 'running') throw new DomainError(ErrorCode.IDEMPOTENCY_IN_PROGRESS, '请求正在处理中，请稍后重试');
      void reply.header('idempotent-replayed', 'true');
      return stored.body;
    }
    let body: unknown;
    try {
      body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      await this.hot.del(slot).catch(() => undefined);
      throw error;
    }
    // Done: its answer goes out even if Redis went away meanwhile (a retry then finds the running marker, which
    // lapses, and nothing stored: the client learns the outcome from what it asked for, e.g. its order list).
    const done: Stored = { state: 'done', fingerprint, body };
    await this.hot.set(slot, JSON.stringify(done), REQUEST_KEYS_KEPT_SECONDS).catch(() => undefined);
    return body;
  }
}
