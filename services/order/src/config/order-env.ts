import { backofficeEnvSchema } from '@fuel/shared';
import { z } from 'zod';

/** Environment of the order service beyond the common one. */
export const orderEnvSchema = backofficeEnvSchema.extend({
  /** How long an unpaid order holds its coupons (and, for the mall, its stock). */
  ORDER_EXPIRES_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  /** How long after its time an unpaid order is cancelled (its payment intent and the providers' deadlines past). */
  ORDER_EXPIRY_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(120),
  /** How often unpaid orders past their time are cancelled (one instance at a time); 0 turns it off. */
  ORDER_JOBS_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
});
export type OrderEnv = z.infer<typeof orderEnvSchema> & { RPC_TIMEOUT_MS: number };
