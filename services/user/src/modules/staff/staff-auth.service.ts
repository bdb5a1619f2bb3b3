/**
 * Staff sign-in in two steps: password (argon2id), then a six-digit code sent by SMS to the phone on file; then a
 * server-side session (staff-sessions.ts). Five wrong passwords, or five wrong codes, within the window lock the
 * account for a while; SMS codes are limited per phone (one a minute, a daily cap). Every sign-in attempt is
 * audited here (there is no signed-in actor yet); what a signed-in staff member does is audited by the gateway.
 */
import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { DataSource } from 'typeorm';
import { type Actor, clock, DomainError, ErrorCode, HOT_STORE, type HotStore, KeptReplies, type KeptKey, maskPhone, requireStaff, SERVICE_ENV, shanghaiWallClock, signAccessToken, type SmsChallenge, STAFF_ROLES, type StaffProfile, type StaffSession, type StaffSessionState } from '@fuel/shared';
import type { UserEnv } from '../../config/user-env.js';
import { SmsSender } from '../../infra/adapters/sms/sms-sender.js';
import { AuditLog, type AuditEntry } from '../audit/audit-log.js';
import type { StaffEntity } from './staff.entity.js';
import { StaffRepository } from './staff.repository.js';
import { StaffSessions } from './staff-sessions.js';
import { FAILURE_WINDOW_SECONDS, MAX_PASSWORD_FAILURES, LOCK_SECONDS, MAX_CODE_FAILURES, passwordExpired, passwordProblem, shouldLock, SMS_CODE_TTL_SECONDS } from './staff-rules.js';

interface Challenge {
  staffId: number;
  username: string;
  codeDigest: string;
}

const digest = (challengeId: string, code: string) => createHash('sha256').update(`${challengeId}:${code}`).digest('hex');
const badCredentials = () => new DomainError(ErrorCode.UNAUTHENTICATED, '用户名或密码错误');
const locked = () => new DomainError(ErrorCode.ACCOUNT_LOCKED, '错误次数过多，账号已临时锁定，请 15 分钟后再试');
const codeGone = () => new DomainError(ErrorCode.UNAUTHENTICATED, '验证码已失效，请重新登录');
const lockKey = (username: string) => `staff:lock:${username}`;

export function toStaffProfile(staff: StaffEntity): StaffProfile {
  return {
    id: staff.id,
    username: staff.username,
    displayName: staff.displayName,
    role: staff.role,
    stationId: staff.stationId,
    regionCode: staff.regionCode,
    phoneMasked: maskPhone(staff.phone),
  };
}

/** The audit record's "who" for an account (or a username that matched none). */
export function auditSubject(account: StaffEntity | null, username: string): Omit<AuditEntry, 'action' | 'outcome'> {
  return { staffId: account?.id ?? null, username: account?.username ?? username, role: account?.role ?? null, stationId: account?.stationId ?? null, regionCode: account?.regionCode ?? null };
}

/** Any member of staff (the shared staff check, every role), from the session's signed claims. */
export const requireStaffActor = (actor: Actor | undefined) => requireStaff(actor, STAFF_ROLES);

@Injectable()
export class StaffAuthService {
  /** Verified against when the username is unknown, so both paths take the same time. */
  private readonly decoyHash = hash('decoy-password-for-timing');

  constructor(
    private readonly staff: StaffRepository,
    private readonly sessions: StaffSessions,
    private readonly audit: AuditLog,
    private readonly sms: SmsSender,
    @Inject(HOT_STORE) private readonly hot: HotStore,
    @Inject(SERVICE_ENV) private readonly env: UserEnv,
    private readonly dataSource: DataSource,
    private readonly kept: KeptReplies,
  ) {}

  async passwordStep(username: string, password: string): Promise<SmsChallenge> {
    const refuse = async (account: StaffEntity | null, detail: string, error: DomainError) => {
      await this.audit.append({ ...auditSubject(account, username), action: 'login.password', outcome: 'failure', detail });
      return error;
    };
    if (await this.hot.get(lockKey(username))) throw await refuse(null, 'locked', locked());
    // Count the attempt before checking it, so parallel guesses cannot all slip under the limit.
    const attempts = await this.hot.increment(`staff:attempts:${username}`, FAILURE_WINDOW_SECONDS);
    if (attempts > MAX_PASSWORD_FAILURES) {
      await this.hot.set(lockKey(username), '1', LOCK_SECONDS);
      throw await refuse(null, 'locked', locked());
    }
    const account = await this.staff.byUsername(username);
    const ok = await verify(account?.passwordHash ?? (await this.decoyHash), password).catch(() => false);
    if (!account || !ok || account.status !== 'active') {
      if (shouldLock(attempts)) await this.hot.set(lockKey(username), '1', LOCK_SECONDS);
      throw await refuse(account, account?.status === 'disabled' ? 'disabled' : `attempts=${attempts}`, badCredentials());
    }
    await this.hot.del(`staff:attempts:${username}`);
    await this.allowSms(account);
    const challengeId = randomUUID();
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const challenge: Challenge = { staffId: account.id, username, codeDigest: digest(challengeId, code) };
    await this.hot.set(`staff:challenge:${challengeId}`, JSON.stringify(challenge), SMS_CODE_TTL_SECONDS);
    await this.sms.send(account.phone, this.env.SMS_TEMPLATE_STAFF_LOGIN, { code });
    await this.audit.append({ ...auditSubject(account, username), action: 'login.password', outcome: 'success', detail: 'sms code sent' });
    return { challengeId, phoneMasked: maskPhone(account.phone), expiresInSeconds: SMS_CODE_TTL_SECONDS };
  }

  async codeStep(challengeId: string, code: string): Promise<StaffSession> {
    const raw = await this.hot.get(`staff:challenge:${challengeId}`);
    if (!raw) throw codeGone();
    const challenge = JSON.parse(raw) as Challenge;
    const account = await this.staff.byId(challenge.staffId);
    if (await this.hot.get(lockKey(challenge.username))) {
      await this.audit.append({ ...auditSubject(account, challenge.username), action: 'login.sms_code', outcome: 'failure', detail: 'locked' });
      throw locked();
    }
    const matches = timingSafeEqual(Buffer.from(digest(challengeId, code)), Buffer.from(challenge.codeDigest));
    if (!matches) {
      // Counted per account, across codes: asking for a new code does not buy more guesses.
      const failures = await this.hot.increment(`staff:code-failures:${challenge.username}`, FAILURE_WINDOW_SECONDS);
      const lockNow = failures >= MAX_CODE_FAILURES;
      if (lockNow) {
        await this.hot.set(lockKey(challenge.username), '1', LOCK_SECONDS);
        await this.hot.del(`staff:challenge:${challengeId}`);
      }
      await this.audit.append({ ...auditSubject(account, challenge.username), action: 'login.sms_code', outcome: 'failure', detail: `failures=${failures}${lockNow ? ' locked' : ''}` });
      throw lockNow ? locked() : new DomainError(ErrorCode.UNAUTHENTICATED, '验证码错误');
    }
    // A code is good for one sign-in, even if two requests race with it.
    if (!(await this.hot.setIfAbsent(`staff:challenge-used:${challengeId}`, '1', SMS_CODE_TTL_SECONDS))) throw codeGone();
    await this.hot.del(`staff:challenge:${challengeId}`, `staff:code-failures:${challenge.username}`);
    if (!account || account.status !== 'active') throw badCredentials();
    const mustChangePassword = account.mustChangePassword || passwordExpired(account.passwordChangedAt, clock.now());
    const sessionId = await this.sessions.open(account.id, mustChangePassword);
    const actor: Actor = {
      kind: 'staff',
      id: String(account.id),
      role: account.role,
      regionCode: account.regionCode,
      sessionId,
      ...(account.stationId === null ? {} : { stationId: String(account.stationId) }),
    };
    const accessToken = await signAccessToken(actor, this.env.JWT_SECRET, this.env.STAFF_TOKEN_TTL_SECONDS);
    await this.audit.append({ ...auditSubject(account, account.username), action: 'login.sms_code', outcome: 'success', detail: mustChangePassword ? 'password change required' : null });
    return { accessToken, tokenType: 'Bearer', expiresInSeconds: this.env.STAFF_TOKEN_TTL_SECONDS, staff: toStaffProfile(account), mustChangePassword };
  }

  session(actor: Actor | undefined): Promise<StaffSessionState> {
    const staff = requireStaffActor(actor);
    return this.sessions.touch(Number(staff.id), staff.sessionId);
  }

  async logout(actor: Actor | undefined): Promise<{ signedOut: true }> {
    const staff = requireStaffActor(actor);
    await this.sessions.close(staff.sessionId);
    return { signedOut: true };
  }

  /** The same request again (its Idempotency-Key) answers the profile as it is now, not "当前密码不正确". */
  async changePassword(actor: Actor | undefined, currentPassword: string, newPassword: string, key?: KeptKey): Promise<StaffProfile> {
    const staff = requireStaffActor(actor);
    const current = async () => toStaffProfile((await this.staff.byId(Number(staff.id)))!);
    return this.kept.once<StaffProfile, null>(
      key,
      async (keep) => {
        const account = await this.staff.byId(Number(staff.id));
        if (!account || account.status !== 'active') throw new DomainError(ErrorCode.UNAUTHENTICATED, '账号不可用，请重新登录');
        if (!(await verify(account.passwordHash, currentPassword).catch(() => false))) throw DomainError.invalid([{ field: 'body.currentPassword', message: '当前密码不正确' }], '当前密码不正确');
        const problem = passwordProblem(newPassword, account.username) ?? (newPassword === currentPassword ? '新密码不能与当前密码相同' : null);
        if (problem) throw DomainError.invalid([{ field: 'body.newPassword', message: problem }], problem);
        const passwordHash = await hash(newPassword);
        return this.dataSource.transaction(async (manager) => {
          const updated = await this.staff.update(account.id, { passwordHash, mustChangePassword: false, passwordChangedAt: clock.now() }, manager);
          await this.sessions.passwordChanged(staff.sessionId, manager);
          await keep(manager, null);
          return toStaffProfile(updated);
        });
      },
      current,
    );
  }

  async profile(actor: Actor | undefined): Promise<StaffProfile> {
    const account = await this.staff.byId(Number(requireStaffActor(actor).id));
    if (!account || account.status !== 'active') throw new DomainError(ErrorCode.UNAUTHENTICATED, '账号不可用，请重新登录');
    return toStaffProfile(account);
  }

  /** One code a minute and STAFF_SMS_DAILY_CAP a day per phone (Asia/Shanghai day), whatever the SMS provider allows. */
  private async allowSms(account: StaffEntity): Promise<void> {
    const phoneKey = account.phoneIndex;
    if (this.env.STAFF_SMS_MIN_INTERVAL_SECONDS > 0 && !(await this.hot.setIfAbsent(`staff:sms-gap:${phoneKey}`, '1', this.env.STAFF_SMS_MIN_INTERVAL_SECONDS))) {
      await this.audit.append({ ...auditSubject(account, account.username), action: 'login.password', outcome: 'failure', detail: 'sms interval' });
      throw new DomainError(ErrorCode.RATE_LIMITED, `验证码发送过于频繁，请 ${this.env.STAFF_SMS_MIN_INTERVAL_SECONDS} 秒后再试`, { retryAfterSeconds: this.env.STAFF_SMS_MIN_INTERVAL_SECONDS });
    }
    const day = shanghaiWallClock(clock.now()).toISOString().slice(0, 10);
    if ((await this.hot.increment(`staff:sms-day:${phoneKey}:${day}`, 86_400)) > this.env.STAFF_SMS_DAILY_CAP) {
      await this.audit.append({ ...auditSubject(account, account.username), action: 'login.password', outcome: 'failure', detail: 'sms daily cap' });
      throw new DomainError(ErrorCode.RATE_LIMITED, '今日验证码发送次数已达上限，请明天再试或联系区域管理员', { retryAfterSeconds: 3600 });
    }
  }
}
