/**
 * Server-side staff sessions behind the access token (MLPS level 2): the token names a session, and the gateway
 * asks on every staff request whether it is still open. A session ends after STAFF_SESSION_IDLE_SECONDS without
 * a request (sliding), at the end of the shift (STAFF_TOKEN_TTL_SECONDS after sign-in), at sign-out, and, for
 * every session of an account at once, when the account is disabled, moved or its password reset (the account's
 * session generation moves on). One account may have sessions on several devices.
 *
 * Sessions live in the database, not in Redis (issue 22): the counter keeps working while Redis is away, and
 * sign-out and disable still end a session at once. A check is one indexed read; the idle clock is written at
 * most every IDLE_STEP of the idle limit, so a busy attendant costs a write now and then, not one per request.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, LessThan, type EntityManager } from 'typeorm';
import { clock, DomainError, ErrorCode, onPrimary, SERVICE_ENV, type StaffSessionState } from '@fuel/shared';
import type { UserEnv } from '../../config/user-env.js';
import { StaffEntity, StaffSessionEntity } from './staff.entity.js';

/** The idle clock moves in steps of a tenth of the limit (at most 30 s): a session may end that much early. */
const IDLE_STEP = 0.1;
const ended = (message: string) => new DomainError(ErrorCode.UNAUTHENTICATED, message);

@Injectable()
export class StaffSessions {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_ENV) private readonly env: UserEnv,
  ) {}

  async open(staffId: number, mustChangePassword: boolean): Promise<string> {
    const now = clock.now();
    const sessionId = randomUUID();
    const sessions = this.dataSource.getRepository(StaffSessionEntity);
    // The account's own sessions that have ended by time go as it opens a new one.
    await sessions.delete({ staffId, lastSeenAt: LessThan(new Date(now.getTime() - this.env.STAFF_SESSION_IDLE_SECONDS * 1000)) });
    const account = await onPrimary(this.dataSource, (m) => m.findOne(StaffEntity, { select: { id: true, sessionGeneration: true }, where: { id: staffId } }));
    await sessions.insert({ sessionId, staffId, generation: account?.sessionGeneration ?? 0, mustChangePassword, startedAt: now, lastSeenAt: now });
    return sessionId;
  }

  /** The gateway's check: still open? A check restarts the idle clock. */
  async touch(staffId: number, sessionId: string | undefined): Promise<StaffSessionState> {
    if (!sessionId) throw ended('登录凭证无效，请重新登录');
    const now = clock.now().getTime();
    const session = await onPrimary(this.dataSource, (m) =>
      m
        .createQueryBuilder(StaffSessionEntity, 's')
        .leftJoinAndMapOne('s.account', StaffEntity, 'a', 'a.id = s.staffId')
        .select(['s', 'a.id', 'a.sessionGeneration'])
        .where('s.sessionId = :sessionId', { sessionId })
        .getOne(),
    );
    const idleMs = this.env.STAFF_SESSION_IDLE_SECONDS * 1000;
    if (!session || now - session.lastSeenAt.getTime() >= idleMs) throw ended('登录已超时，请重新登录');
    if (session.staffId !== staffId) throw ended('登录凭证无效，请重新登录');
    if (session.generation !== (session.account?.sessionGeneration ?? 0)) throw ended('账号状态已变更，请重新登录');
    if (now - session.startedAt.getTime() >= this.env.STAFF_TOKEN_TTL_SECONDS * 1000) throw ended('已超过单班登录时长，请重新登录');
    if (now - session.lastSeenAt.getTime() >= Math.min(idleMs * IDLE_STEP, 30_000)) await this.dataSource.getRepository(StaffSessionEntity).update({ sessionId }, { lastSeenAt: new Date(now) });
    return { active: true, mustChangePassword: session.mustChangePassword };
  }

  async close(sessionId: string | undefined): Promise<void> {
    if (sessionId) await this.dataSource.getRepository(StaffSessionEntity).delete({ sessionId });
  }

  /** Ends every open session of the account at once (a session opening meanwhile carries the old generation). */
  async revokeAll(staffId: number, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.increment(StaffEntity, { id: staffId }, 'sessionGeneration', 1);
  }

  async passwordChanged(sessionId: string | undefined, manager: EntityManager = this.dataSource.manager): Promise<void> {
    if (sessionId) await manager.update(StaffSessionEntity, { sessionId }, { mustChangePassword: false });
  }
}
