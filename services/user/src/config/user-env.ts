import { alipayEnvSchema, providerEndpoint, authEnvSchema, fieldKeysEnvSchema } from '@fuel/shared';
import { z } from 'zod';

/** Environment of the user service beyond the common one. */
export const userEnvSchema = fieldKeysEnvSchema.extend(authEnvSchema.shape).extend(alipayEnvSchema.shape).extend({
  /** Alibaba Cloud SMS endpoint; the default is the local stand-in started by `npm start`. */
  SMS_ENDPOINT: providerEndpoint('http://127.0.0.1:4010/'),
  SMS_ACCESS_KEY_ID: z.string().min(1),
  SMS_ACCESS_KEY_SECRET: z.string().min(1),
  SMS_SIGN_NAME: z.string().min(1).default('加油站'),
  SMS_TEMPLATE_STAFF_LOGIN: z.string().min(1).default('SMS_STAFF_LOGIN'),
  /** WeChat mini-program login (code2session); the default endpoint is the local stand-in. */
  WECHAT_APP_ID: z.string().min(1),
  WECHAT_APP_SECRET: z.string().min(1),
  WECHAT_API_BASE: providerEndpoint('http://127.0.0.1:4012'),
  /** The monthly member day (day of month, Asia/Shanghai). */
  MEMBER_DAY_OF_MONTH: z.coerce.number().int().min(1).max(28).default(8),
  /** WeChat subscribe-message template of the renewal reminder (from the mini-program's admin console). */
  WECHAT_TEMPLATE_RENEWAL_REMINDER: z.string().min(1).default('TIER_RENEWAL_REMINDER'),
  /** How often the membership jobs run (reminders, expiry, birthday coupons); 0 turns them off. */
  MEMBERSHIP_JOBS_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  /** Points earned per whole CNY paid. */
  POINTS_PER_YUAN: z.coerce.number().int().min(0).max(100).default(1),
  MEMBER_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(2 * 3600),
  MEMBER_REFRESH_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Staff access tokens last one shift. */
  STAFF_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(8 * 3600),
  /** A staff session ends after this long without a request (MLPS level 2: 30 minutes). */
  STAFF_SESSION_IDLE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(30 * 60),
  /** SMS sign-in codes: at most one per phone in this many seconds, and at most the daily cap per phone. */
  STAFF_SMS_MIN_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  STAFF_SMS_DAILY_CAP: z.coerce.number().int().min(1).max(1000).default(10),
  /** The audit log's writing account (INSERT and SELECT on staff_audit_log only); the service's own when not set. */
  AUDIT_DATABASE_URL: z.string().optional().transform((v) => (v === '' ? undefined : v)),
});
export type UserEnv = z.infer<typeof userEnvSchema>;

/** The installed field cipher, for blind indexes (equality lookups of encrypted fields). */
export const FIELD_CIPHER = Symbol('FIELD_CIPHER');
