import { z } from 'zod';
import { rpcContract } from '../../rpc/contract.js';

export const STAFF_ROLES = ['attendant', 'manager', 'regional_admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffProfile {
  id: number;
  username: string;
  displayName: string;
  role: StaffRole;
  stationId: number | null;
  regionCode: string;
  phoneMasked: string;
}

export const staffPasswordLogin = z
  .object({
    // Usernames are compared case-insensitively by the database: normalise once so counters and locks agree.
    username: z.string().trim().min(3).max(64).transform((u) => u.normalize('NFKC').toLowerCase()),
    password: z.string().min(1).max(128),
  })
  .strict();

export const staffSmsVerify = z
  .object({
    challengeId: z.string().uuid(),
    code: z.string().regex(/^\d{6}$/, '验证码为 6 位数字'),
  })
  .strict();

export interface SmsChallenge {
  challengeId: string;
  phoneMasked: string;
  expiresInSeconds: number;
}

export interface StaffSession {
  accessToken: string;
  tokenType: 'Bearer';
  expiresInSeconds: number;
  staff: StaffProfile;
  /** A one-time or 90-day-old password: nothing but the change is allowed until it is changed. */
  mustChangePassword: boolean;
}

/** What the gateway learns when it checks a staff token's session (every staff request). */
export interface StaffSessionState {
  active: true;
  mustChangePassword: boolean;
}

/** An account as its regional admin sees it. */
export interface StaffAccount extends StaffProfile {
  status: 'active' | 'disabled';
  mustChangePassword: boolean;
}

const password = z.string().min(1).max(128);
const staffId = z.number().int().positive();
const stationRef = z.number().int().positive();

export const staffPasswordChange = z.object({ currentPassword: password, newPassword: password }).strict();
export const staffAccountCreate = z
  .object({
    username: z.string().trim().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, '用户名为 3–64 位小写字母、数字或 . _ -'),
    displayName: z.string().trim().min(1).max(32),
    role: z.enum(STAFF_ROLES),
    stationId: stationRef.nullable(),
    phone: z.string().regex(/^1\d{10}$/, '请输入 11 位手机号'),
  })
  .strict()
  .refine((a) => (a.role === 'regional_admin') === (a.stationId === null), { path: ['stationId'], message: '加油员和站长须指定加油站，区域管理员不指定' });
export const staffAccountRef = z.object({ staffId }).strict();
export const staffAccountMove = z.object({ staffId, stationId: stationRef }).strict();

/** A one-time password handed to the person (shown once to the admin who reset or created the account). */
export interface OneTimePassword {
  account: StaffAccount;
  oneTimePassword: string;
}

export const AUDIT_OUTCOMES = ['success', 'failure'] as const;
/** One staff action (MLPS level 2): who, in which role and place, did what to what, with what result, from where. */
export interface AuditRecord {
  seq: number;
  at: string;
  staffId: number | null;
  username: string;
  role: StaffRole | null;
  stationId: number | null;
  regionCode: string | null;
  action: string;
  target: string | null;
  outcome: (typeof AUDIT_OUTCOMES)[number];
  detail: string | null;
  ip: string | null;
  requestId: string | null;
}

/** The gateway reports a staff action it carried out (who comes from the signed actor, never from the body). */
export const auditRecordInput = z
  .object({
    action: z.string().min(1).max(48),
    target: z.string().max(128).nullable(),
    outcome: z.enum(AUDIT_OUTCOMES),
    detail: z.string().max(500).nullable(),
  })
  .strict();

export const auditListQuery = z
  .object({
    stationId: z.coerce.number().int().positive().optional(),
    action: z.string().max(48).optional(),
    /** Whose actions: a staff username, exactly. */
    username: z.string().trim().min(1).max(64).optional(),
    /** One day in Asia/Shanghai. */
    day: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
      .refine((day) => {
        const at = Date.parse(`${day}T00:00:00Z`);
        return !Number.isNaN(at) && new Date(at).toISOString().slice(0, 10) === day; // 2027-02-30 is no day
      }, '没有这一天')
      .optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const userContracts = {
  staffLogin: rpcContract<SmsChallenge>()('user.staff.login', staffPasswordLogin),
  staffVerify: rpcContract<StaffSession>()('user.staff.verify', staffSmsVerify),
  staffProfile: rpcContract<StaffProfile>()('user.staff.profile', z.object({}).strict()),
  /** The gateway, for every staff request: is the token's session still open (sliding idle time, shift limit)? */
  staffSession: rpcContract<StaffSessionState>()('user.staff.session', z.object({}).strict()),
  staffLogout: rpcContract<{ signedOut: true }>()('user.staff.logout', z.object({}).strict()),
  staffChangePassword: rpcContract<StaffProfile>()('user.staff.change-password', staffPasswordChange),
  /** Regional admins, for their region. */
  staffAccounts: rpcContract<StaffAccount[]>()('user.staff.accounts', z.object({}).strict()),
  staffCreate: rpcContract<OneTimePassword>()('user.staff.create', staffAccountCreate),
  staffDisable: rpcContract<StaffAccount>()('user.staff.disable', staffAccountRef),
  staffEnable: rpcContract<StaffAccount>()('user.staff.enable', staffAccountRef),
  staffResetPassword: rpcContract<OneTimePassword>()('user.staff.reset-password', staffAccountRef),
  staffMove: rpcContract<StaffAccount>()('user.staff.move', staffAccountMove),
  auditRecord: rpcContract<{ seq: number }>()('user.audit.record', auditRecordInput),
  /** Managers: their station's records; regional admins: their region's. */
  auditList: rpcContract<{ items: AuditRecord[]; total: number; page: number; pageSize: number }>()('user.audit.list', auditListQuery),
};
