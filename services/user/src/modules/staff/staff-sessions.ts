/**
 * Server-side staff sessions behind the access token (MLPS level 2): the token names a session, and the gateway
 * asks on every staff request whether it is still open. A session ends after STAFF_SESSION_IDLE_SECONDS without
 * a request (sliding), at the end of the shift (STAFF_TOKEN_TTL_SECONDS after sign-in), at sign-out, and, for
 * every session of an account at once, when the account is disabled, moved or its password reset (the account's
 * generation moves on). One account may have sessions on several devices.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { clock, DomainError, ErrorCode, HOT_STORE, type HotStore, SERVICE_ENV, type StaffSessionState } from '@fuel/shared';
import type { UserEnv } from '../../config/user-env.js';

interface SessionRecord {
  staffId: number;
  startedAt: number;
  generation: string;
  mustChangePassword: boolean;
}

const TEN_YEARS = 10 * 365 * 86_400;
const sessionKey = (sessionId: string) => `staff:session:${sessionId}`;
const generationKey = (staffId: number) => `staff:generation:${staffId}`;
const ended = (message: string) => new DomainError(ErrorCode.UNAUTHENTICATED, message);

@Injectable()
export class StaffSessions {
  constructor(
    @Inject(HOT_STORE) private readonly hot: HotStore,
    @Inject(SERVICE_ENV) private readonly env: UserEnv,
  ) {}

  async open(staffId: number, mustChangePassword: boolean): Promise<string> {
    const sessionId = randomUUID();
    const generation = (await this.hot.get(generationKey(staffId))) ?? '0';
    await this.write(sessionId, { staffId, startedAt: clock.now().getTime(), generation, mustChangePassword });
    return sessionId;
  }

  /** The gateway's check: still open? Each successful check restarts the idle clock. */
  async touch(staffId: number, sessionId: string | undefined): Promise<StaffSessionState> {
    if (!sessionId) throw ended('登录凭证无效，请重新登录');
    const [raw, generation] = await this.hot.getMany([sessionKey(sessionId), generationKey(staffId)]);
    if (!raw) throw ended('登录已超时，请重新登录');
    const session = JSON.parse(raw) as SessionRecord;
    if (session.staffId !== staffId) throw ended('登录凭证无效，请重新登录');
    if (session.generation !== (generation ?? '0')) throw ended('账号状态已变更，请重新登录');
    if (clock.now().getTime() - session.startedAt >= this.env.STAFF_TOKEN_TTL_SECONDS * 1000) throw ended('已超过单班登录时长，请重新登录');
    await this.write(sessionId, session);
    return { active: true, mustChangePassword: session.mustChangePassword };
  }

  async close(sessionId: string | undefined): Promise<void> {
    if (sessionId) await this.hot.del(sessionKey(sessionId));
  }

  /** Ends every open session of the account at once. */
  async revokeAll(staffId: number): Promise<void> {
    await this.hot.increment(generationKey(staffId), TEN_YEARS);
  }

  async passwordChanged(sessionId: string | undefined): Promise<void> {
    const raw = sessionId ? await this.hot.get(sessionKey(sessionId)) : null;
    if (raw) await this.write(sessionId!, { ...(JSON.parse(raw) as SessionRecord), mustChangePassword: false });
  }

  private write(sessionId: string, session: SessionRecord): Promise<void> {
    return this.hot.set(sessionKey(sessionId), JSON.stringify(session), this.env.STAFF_SESSION_IDLE_SECONDS);
  }
}
