/**
 * Rate limits at the edge, counted by @fastify/rate-limit (in Redis when the gateway has one, so that every gateway
 * instance counts together; fixed one-minute windows):
 * - sign-in (member WeChat/Alipay sign-in and refresh, staff password and SMS-code steps): per client address, and
 *   the staff password step per username as well;
 * - every other mutating route (POST, PUT, PATCH, DELETE): per client address and per signed-in account.
 * Provider callbacks are not limited: WeChat Pay, Alipay and the logistics provider retry on their own schedule,
 * and a refused notification would only delay a payment. Over a limit: 429 RATE_LIMITED in the error envelope
 * with Retry-After. A counter store that fails lets requests through (logged): limits protect, they never decide.
 * The client address is the peer's, or X-Forwarded-For's when the peer is a trusted proxy (TRUST_PROXY).
 */
import { CanActivate, Inject, Injectable, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import rateLimit from '@fastify/rate-limit';
import { DomainError, ErrorCode, LOGGER, rateLimitRefusals, RedisHotStore, type HotStore, type Logger } from '@fuel/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GatewayEnv } from '../config/gateway-env.js';
import type { AuditedRequest } from '../guards/staff-audit.js';

type Group = 'signin' | 'provider';
const RATE_LIMIT_GROUP = Symbol('rate-limit-group');
/** `signin`: the sign-in limits instead of the mutation limits; `provider`: a provider's callback, not limited. */
export const RateLimitGroup = (group: Group) => SetMetadata(RATE_LIMIT_GROUP, group);

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const WINDOW_MS = 60_000;

type Check = (request: FastifyRequest) => Promise<{ isAllowed: true } | { isAllowed: false; isExceeded: boolean; ttlInSeconds: number; max: number }>;
interface Limiter {
  what: string;
  check: Check;
}

/** The limiters, made once the plugin is registered on the gateway's Fastify instance (`install`). */
export class RateLimits {
  private signin: Limiter[] = [];
  private mutation: Limiter[] = [];

  private hotStore?: HotStore;

  constructor(private readonly env: GatewayEnv) {}

  async install(fastify: FastifyInstance, hotStore: HotStore): Promise<void> {
    this.hotStore = hotStore;
    await fastify.register(rateLimit, {
      global: false,
      skipOnError: true,
      ...(hotStore instanceof RedisHotStore ? { redis: hotStore.redis, nameSpace: `${hotStore.prefix}ratelimit:` } : {}),
    });
    const limiter = (what: string, max: number, key: (request: FastifyRequest) => string | undefined): Limiter => ({
      what,
      check: fastify.createRateLimit({
        max,
        timeWindow: WINDOW_MS,
        keyGenerator: (request) => `${what}:${key(request) ?? ''}`,
        // No key (no account, no username): this dimension does not apply.
        allowList: (request) => key(request) === undefined,
      }) as Check,
    });
    const account = (request: FastifyRequest) => {
      const actor = (request as AuditedRequest).actor;
      return actor ? `${actor.kind}:${actor.id}` : undefined;
    };
    const username = (request: FastifyRequest) => {
      const value = (request.body as { username?: unknown } | undefined)?.username;
      // Normalised as the sign-in contract does, so that spaces or full-width letters do not make a new counter.
      return typeof value === 'string' && value.trim() ? value.trim().normalize('NFKC').toLowerCase() : undefined;
    };
    this.signin = [limiter('signin-ip', this.env.RATE_LIMIT_SIGNIN_PER_IP, (r) => r.ip), limiter('signin-user', this.env.RATE_LIMIT_SIGNIN_PER_USERNAME, username)];
    this.mutation = [limiter('write-ip', this.env.RATE_LIMIT_WRITES_PER_IP, (r) => r.ip), limiter('write-account', this.env.RATE_LIMIT_WRITES_PER_ACCOUNT, account)];
  }

  limitersFor(group: Group | undefined, method: string): Limiter[] {
    // Redis away: nothing to count with, and every gateway's count is lost anyway; requests go through.
    if (group === 'provider' || !this.hotStore?.reachable) return [];
    if (group === 'signin') return this.signin;
    return MUTATING.has(method) ? this.mutation : [];
  }
}

/** After the access guard (which knows the account), before anything else runs. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimits,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const group = this.reflector.getAllAndOverride<Group | undefined>(RATE_LIMIT_GROUP, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    for (const limiter of this.limits.limitersFor(group, request.method)) {
      const result = await limiter.check(request);
      if (!result.isAllowed && result.isExceeded) {
        this.logger.warn({ requestId: request.id, limit: limiter.what, ip: request.ip }, 'rate limit exceeded');
        rateLimitRefusals.inc({ limit: limiter.what });
        throw new DomainError(ErrorCode.RATE_LIMITED, '操作过于频繁，请稍后再试', { limit: limiter.what, max: result.max, windowSeconds: WINDOW_MS / 1000, retryAfterSeconds: Math.max(1, result.ttlInSeconds) });
      }
    }
    return true;
  }
}
