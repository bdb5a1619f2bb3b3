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
}

export const userContracts = {
  staffLogin: rpcContract<SmsChallenge>()('user.staff.login', staffPasswordLogin),
  staffVerify: rpcContract<StaffSession>()('user.staff.verify', staffSmsVerify),
  staffProfile: rpcContract<StaffProfile>()('user.staff.profile', z.object({}).strict()),
};
