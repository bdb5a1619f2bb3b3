import { backofficeEnvSchema, providerEndpoint, publicCallbackUrl } from '@fuel/shared';
import { z } from 'zod';

/** Environment of the order service beyond the common one. */
export const orderEnvSchema = backofficeEnvSchema.extend({
  /** How long an unpaid order holds its coupons (and, for the mall, its stock). */
  ORDER_EXPIRES_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  /** How long after its time an unpaid order is cancelled (its payment intent and the providers' deadlines past). */
  ORDER_EXPIRY_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(120),
  /** Express tracking (Kuaidi100-style API; the default is the local stand-in). */
  LOGISTICS_API_BASE: providerEndpoint('http://127.0.0.1:4015'),
  LOGISTICS_KEY: z.string().min(1),
  LOGISTICS_CUSTOMER: z.string().min(1),
  /** Where tracking is pushed: the gateway's public route; pushes are signed with this salt. */
  LOGISTICS_CALLBACK_URL: publicCallbackUrl('http://127.0.0.1:3000/api/v1/logistics/kuaidi100/callback'),
  LOGISTICS_CALLBACK_SALT: z.string().min(16),
  /** A shipped order whose tracking has not moved for this long is asked for (pushes can be lost). */
  LOGISTICS_POLL_AFTER_SECONDS: z.coerce.number().int().min(1).max(86_400).default(1800),
  /** How often unpaid orders past their time are cancelled (one instance at a time); 0 turns it off. */
  ORDER_JOBS_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
});
export type OrderEnv = z.infer<typeof orderEnvSchema> & { RPC_TIMEOUT_MS: number };
