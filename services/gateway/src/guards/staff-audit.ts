/**
 * Every staff action through the gateway is audited in one place: a route marked `@Audited(action, target)` is
 * recorded after it ran, with its outcome, by the user service's audit log (who comes from the signed actor; the
 * IP and request id from the request context). Refusals at the edge (wrong role, wrong station) are recorded by the
 * access guard through the same `recordStaffAction`.
 */
import { Inject, Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, LOGGER, runWithContext, ServiceClient, userContracts, type Actor, type Logger } from '@fuel/shared';
import type { FastifyRequest } from 'fastify';
import { Observable, from, lastValueFrom } from 'rxjs';

export type AuditedRequest = FastifyRequest & { actor?: Actor; params: Record<string, string>; body: unknown };
export interface AuditSpec {
  action: string;
  /** What was acted on, from the request ("order:M2026…", "staff:12"). */
  target?: (request: AuditedRequest) => string | null;
}

const AUDIT = Symbol('audit');
export const Audited = (action: string, target?: AuditSpec['target']) => SetMetadata(AUDIT, { action, target } satisfies AuditSpec);
export const auditSpecOf = (reflector: Reflector, context: ExecutionContext) => reflector.get<AuditSpec | undefined>(AUDIT, context.getHandler());

export function targetOf(spec: AuditSpec, request: AuditedRequest): string | null {
  try {
    return spec.target?.(request)?.slice(0, 128) ?? null;
  } catch {
    return null; // a malformed body has no target; the refusal itself is still recorded
  }
}

/**
 * Records one staff action as the request's caller (taken from the request itself, not the async context, which
 * an interceptor outside the handler's chain does not see); a failure to record is logged loudly and never hides
 * the action's own result.
 */
export async function recordStaffAction(services: ServiceClient, logger: Logger, request: AuditedRequest, entry: { action: string; target: string | null; outcome: 'success' | 'failure'; detail: string | null }): Promise<void> {
  await runWithContext({ requestId: request.id, actor: request.actor, clientIp: request.ip }, () => services.call(userContracts.auditRecord, { ...entry, detail: entry.detail?.slice(0, 500) ?? null })).catch((error: unknown) => {
    logger.error({ err: error, action: entry.action }, 'staff action not audited');
  });
}

@Injectable()
export class StaffAuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly services: ServiceClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = auditSpecOf(this.reflector, context);
    const request = context.switchToHttp().getRequest<AuditedRequest>();
    if (!spec || request.actor?.kind !== 'staff') return next.handle();
    const target = targetOf(spec, request);
    return from(
      (async () => {
        try {
          const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
          await recordStaffAction(this.services, this.logger, request, { action: spec.action, target, outcome: 'success', detail: null });
          return result;
        } catch (error) {
          const detail = DomainError.isErrorBody(error) || error instanceof DomainError ? `${error.code}: ${error.message}` : 'error';
          await recordStaffAction(this.services, this.logger, request, { action: spec.action, target, outcome: 'failure', detail });
          throw error;
        }
      })(),
    );
  }
}
