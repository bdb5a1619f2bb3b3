/**
 * The service side's one access check for RPC handlers: who may call (the gateway checks again at the edge).
 * A member's own id comes from the signed envelope's actor, never from the payload.
 */
import type { Actor } from '../context/request-context.js';
import { DomainError, ErrorCode } from '../errors/domain-error.js';

export function requireSystem(actor: Actor | undefined): string {
  if (actor?.kind !== 'system') throw new DomainError(ErrorCode.FORBIDDEN, '没有权限');
  return actor.id;
}

export function requireMember(actor: Actor | undefined): number {
  if (actor?.kind !== 'member') throw new DomainError(ErrorCode.FORBIDDEN, '仅限会员访问');
  return Number(actor.id);
}

/** A member acting on their own record, or another service acting for any member. */
export function requireSelfOrSystem(actor: Actor | undefined, memberId: number): void {
  if (actor?.kind === 'system') return;
  if (requireMember(actor) !== memberId) throw new DomainError(ErrorCode.FORBIDDEN, '没有权限');
}
