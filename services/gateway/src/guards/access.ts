/**
 * Server-side authorisation at the edge. Every route states who may call it with `@Access(...)`; a route
 * without it requires a signed-in caller of any kind (safe default). The bearer token becomes the request's
 * Actor, which travels to the services in the RPC envelope so that they check ownership and scope too.
 */
import { CanActivate, Inject, Injectable, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { DomainError, ErrorCode, verifyAccessToken, type Actor, type ActorKind, type StaffRole } from '@fuel/shared';
import type { FastifyRequest } from 'fastify';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env.js';

export type AccessRule = { public: true } | { kind: ActorKind; roles?: StaffRole[] };
const ACCESS = Symbol('access');

export const Access = (rule: AccessRule) =>
  'public' in rule ? SetMetadata(ACCESS, rule) : applyDecorators(SetMetadata(ACCESS, rule), ApiBearerAuth());

@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>();
    const header = request.headers.authorization;
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (rule && 'public' in rule) {
      // A stale token must not stop anyone from using public routes (such as signing in again).
      if (token) request.actor = await verifyAccessToken(token, this.env.JWT_SECRET).catch(() => undefined);
      return true;
    }
    if (token) request.actor = await verifyAccessToken(token, this.env.JWT_SECRET);
    if (!request.actor) throw new DomainError(ErrorCode.UNAUTHENTICATED, '请先登录');
    if (rule && request.actor.kind !== rule.kind) throw new DomainError(ErrorCode.FORBIDDEN, '没有权限访问');
    if (rule && 'roles' in rule && rule.roles && !rule.roles.includes(request.actor.role!)) {
      throw new DomainError(ErrorCode.FORBIDDEN, '没有权限访问');
    }
    return true;
  }
}
