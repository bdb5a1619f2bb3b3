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

export type StaffActor = Actor & { kind: 'staff'; role: NonNullable<Actor['role']>; regionCode: string };

/**
 * The service side's staff check, one place for every service: the caller is staff in one of `roles`, and, when
 * the action concerns a station, it is their own station (attendant, manager) or one in their region (regional
 * admin). The gateway checked the role already; this is the second, independent layer.
 */
export function requireStaff(actor: Actor | undefined, roles: ReadonlyArray<NonNullable<Actor['role']>>, station?: { id: number; regionCode: string }): StaffActor {
  if (actor?.kind !== 'staff' || !actor.role || !actor.regionCode || !roles.includes(actor.role)) throw new DomainError(ErrorCode.FORBIDDEN, '没有权限');
  if (station) {
    const inScope = actor.role === 'regional_admin' ? actor.regionCode === station.regionCode : actor.stationId === String(station.id);
    if (!inScope) throw new DomainError(ErrorCode.FORBIDDEN, actor.role === 'regional_admin' ? '只能操作本区域的加油站' : '只能操作本站的业务');
  }
  return actor as StaffActor;
}
