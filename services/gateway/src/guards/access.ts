/**
 * Server-side authorisation at the edge. Every route states who may call it with `@Access(...)`; a route
 * without it requires a signed-in caller of any kind (safe default). The bearer token becomes the request's
 * Actor, which travels to the services in the RPC envelope so that they check ownership and scope too.
 * A staff token is only as good as its server-side session: the user service is asked on every staff request
 * (sign-out, disable and idle time end it at once), and while a one-time or expired password is unchanged only
 * routes marked `passwordChange` are open. Staff refused here on an audited route are audited.
 */
import { CanActivate, Inject, Injectable, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { DomainError, ErrorCode, LOGGER, runWithContext, ServiceClient, userContracts, verifyAccessToken, type Actor, type ActorKind, type Logger, type StaffRole } from '@fuel/shared';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env.js';
import { auditSpecOf, recordStaffAction, targetOf, type AuditedRequest } from './staff-audit.js';

/**
 * `ownStation`: the route's `:id` is a station; attendants and managers may only name their own (a regional
 * admin's region is checked by the service, which knows where stations are).
 */
export type AccessRule = { public: true } | { kind: ActorKind; roles?: StaffRole[]; passwordChange?: true; ownStation?: true };
const ACCESS = Symbol('access');

export const Access = (rule: AccessRule) =>
  'public' in rule ? SetMetadata(ACCESS, rule) : applyDecorators(SetMetadata(ACCESS, rule), ApiBearerAuth());

@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly services: ServiceClient,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<AuditedRequest>();
    const header = request.headers.authorization;
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (rule && 'public' in rule) {
      // A stale token must not stop anyone from using public routes (such as signing in again).
      if (token) request.actor = await verifyAccessToken(token, this.env.JWT_SECRET).catch(() => undefined);
      return true;
    }
    if (token) request.actor = await verifyAccessToken(token, this.env.JWT_SECRET);
    const actor = request.actor;
    if (!actor) throw new DomainError(ErrorCode.UNAUTHENTICATED, '请先登录');
    return runWithContext({ requestId: request.id, actor, clientIp: request.ip }, async () => {
      const session = actor.kind === 'staff' ? await this.services.call(userContracts.staffSession, {}) : undefined;
      const refusal = this.refusal(rule, actor, session?.mustChangePassword ?? false, request.params?.id);
      if (!refusal) return true;
      const spec = auditSpecOf(this.reflector, context);
      if (spec && actor.kind === 'staff') await recordStaffAction(this.services, this.logger, request, { action: spec.action, target: targetOf(spec, request), outcome: 'failure', detail: `${refusal.code}: ${refusal.message}` });
      throw refusal;
    });
  }

  private refusal(rule: AccessRule | undefined, actor: Actor, mustChangePassword: boolean, stationParam: string | undefined): DomainError | null {
    if (!rule || 'public' in rule) return null;
    if (actor.kind !== rule.kind) return new DomainError(ErrorCode.FORBIDDEN, '没有权限访问');
    if (rule.roles && !rule.roles.includes(actor.role!)) return new DomainError(ErrorCode.FORBIDDEN, '没有权限访问');
    if (mustChangePassword && !rule.passwordChange) return new DomainError(ErrorCode.PASSWORD_CHANGE_REQUIRED, '请先修改密码');
    if (rule.ownStation && actor.role !== 'regional_admin' && actor.stationId !== stationParam) return new DomainError(ErrorCode.FORBIDDEN, '只能操作本站的业务');
    return null;
  }
}
