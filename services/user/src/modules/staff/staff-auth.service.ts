/**
 * Staff sign-in in two steps: password (argon2id), then a six-digit code sent by SMS to the phone on file.
 * Repeated password failures lock the account for a while; every attempt is audited.
 */
import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import {
  DomainError,
  maskPhone,
  ErrorCode,
  HOT_STORE,
  SERVICE_ENV,
  signAccessToken,
  type Actor,
  type HotStore,
  type SmsChallenge,
  type StaffProfile,
  type StaffSession,
} from '@fuel/shared';
import type { UserEnv } from '../../config/user-env.js';
import { SmsSender } from '../../infra/adapters/sms/sms-sender.js';
import type { StaffEntity } from './staff.entity.js';
import { StaffRepository } from './staff.repository.js';
import {
  FAILURE_WINDOW_SECONDS,
  MAX_PASSWORD_FAILURES,
  LOCK_SECONDS,
  MAX_CODE_ATTEMPTS,
  shouldLock,
  SMS_CODE_TTL_SECONDS,
} from './staff-rules.js';

interface Challenge {
  staffId: number;
  username: string;
  codeDigest: string;
}

const digest = (challengeId: string, code: string) => createHash('sha256').update(`${challengeId}:${code}`).digest('hex');
const badCredentials = () => new DomainError(ErrorCode.UNAUTHENTICATED, '用户名或密码错误');
const locked = () => new DomainError(ErrorCode.ACCOUNT_LOCKED, '密码错误次数过多，账号已临时锁定，请 15 分钟后再试');

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

@Injectable()
export class StaffAuthService {
  /** Verified against when the username is unknown, so both paths take the same time. */
  private readonly decoyHash = hash('decoy-password-for-timing');

  constructor(
    private readonly staff: StaffRepository,
    private readonly sms: SmsSender,
    @Inject(HOT_STORE) private readonly hot: HotStore,
    @Inject(SERVICE_ENV) private readonly env: UserEnv,
  ) {}

  async passwordStep(username: string, password: string): Promise<SmsChallenge> {
    if (await this.hot.get(`staff:lock:${username}`)) {
      await this.staff.audit({ staffId: null, username, action: 'login.password', outcome: 'failure', detail: 'locked' });
      throw locked();
    }
    // Count the attempt before checking it, so parallel guesses cannot all slip under the limit.
    const attempts = await this.hot.increment(`staff:attempts:${username}`, FAILURE_WINDOW_SECONDS);
    if (attempts > MAX_PASSWORD_FAILURES) {
      await this.hot.set(`staff:lock:${username}`, '1', LOCK_SECONDS);
      await this.staff.audit({ staffId: null, username, action: 'login.password', outcome: 'failure', detail: 'locked' });
      throw locked();
    }
    const account = await this.staff.byUsername(username);
    const ok = await verify(account?.passwordHash ?? (await this.decoyHash), password).catch(() => false);
    if (!account || !ok || account.status !== 'active') {
      if (shouldLock(attempts)) await this.hot.set(`staff:lock:${username}`, '1', LOCK_SECONDS);
      await this.staff.audit({ staffId: account?.id ?? null, username, action: 'login.password', outcome: 'failure', detail: `attempts=${attempts}` });
      throw badCredentials();
    }
    await this.hot.del(`staff:attempts:${username}`);
    const challengeId = randomUUID();
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const challenge: Challenge = { staffId: account.id, username, codeDigest: digest(challengeId, code) };
    await this.hot.set(`staff:challenge:${challengeId}`, JSON.stringify(challenge), SMS_CODE_TTL_SECONDS);
    await this.sms.send(account.phone, this.env.SMS_TEMPLATE_STAFF_LOGIN, { code });
    await this.staff.audit({ staffId: account.id, username, action: 'login.password', outcome: 'success', detail: 'sms code sent' });
    return { challengeId, phoneMasked: maskPhone(account.phone), expiresInSeconds: SMS_CODE_TTL_SECONDS };
  }

  async codeStep(challengeId: string, code: string): Promise<StaffSession> {
    const raw = await this.hot.get(`staff:challenge:${challengeId}`);
    if (!raw) throw new DomainError(ErrorCode.UNAUTHENTICATED, '验证码已失效，请重新登录');
    const challenge = JSON.parse(raw) as Challenge;
    // Counted before comparing: parallel guesses get at most MAX_CODE_ATTEMPTS tries in all.
    const attempts = await this.hot.increment(`staff:challenge-attempts:${challengeId}`, SMS_CODE_TTL_SECONDS);
    if (attempts > MAX_CODE_ATTEMPTS) {
      await this.hot.del(`staff:challenge:${challengeId}`);
      throw new DomainError(ErrorCode.UNAUTHENTICATED, '验证码已失效，请重新登录');
    }
    const matches = timingSafeEqual(Buffer.from(digest(challengeId, code)), Buffer.from(challenge.codeDigest));
    if (!matches) {
      if (attempts >= MAX_CODE_ATTEMPTS) await this.hot.del(`staff:challenge:${challengeId}`);
      await this.staff.audit({ staffId: challenge.staffId, username: challenge.username, action: 'login.sms_code', outcome: 'failure', detail: `attempts=${attempts}` });
      throw new DomainError(ErrorCode.UNAUTHENTICATED, '验证码错误');
    }
    // A code is good for one sign-in, even if two requests race with it.
    if (!(await this.hot.setIfAbsent(`staff:challenge-used:${challengeId}`, '1', SMS_CODE_TTL_SECONDS))) {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, '验证码已失效，请重新登录');
    }
    await this.hot.del(`staff:challenge:${challengeId}`);
    const account = await this.staff.byId(challenge.staffId);
    if (!account || account.status !== 'active') throw badCredentials();
    const actor: Actor = {
      kind: 'staff',
      id: String(account.id),
      role: account.role,
      regionCode: account.regionCode,
      ...(account.stationId === null ? {} : { stationId: String(account.stationId) }),
    };
    const accessToken = await signAccessToken(actor, this.env.JWT_SECRET, this.env.STAFF_TOKEN_TTL_SECONDS);
    await this.staff.audit({ staffId: account.id, username: account.username, action: 'login.sms_code', outcome: 'success' });
    return { accessToken, tokenType: 'Bearer', expiresInSeconds: this.env.STAFF_TOKEN_TTL_SECONDS, staff: toStaffProfile(account) };
  }

  async profile(actor: Actor | undefined): Promise<StaffProfile> {
    if (actor?.kind !== 'staff') throw new DomainError(ErrorCode.FORBIDDEN, '仅限员工访问');
    const account = await this.staff.byId(Number(actor.id));
    if (!account || account.status !== 'active') throw new DomainError(ErrorCode.UNAUTHENTICATED, '账号不可用，请重新登录');
    return toStaffProfile(account);
  }
}
