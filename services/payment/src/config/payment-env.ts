import { alipayEnvSchema, providerEndpoint, publicCallbackUrl } from '@fuel/shared';
import { z } from 'zod';

/** Environment of the payment service beyond the common one. Endpoint defaults are the local stand-in's; credentials have none (`npm start` passes the development ones). */
export const paymentEnvSchema = alipayEnvSchema.extend({
  WECHAT_APP_ID: z.string().min(1),
  WECHATPAY_API_BASE: providerEndpoint('http://127.0.0.1:4014'),
  WECHATPAY_MCH_ID: z.string().regex(/^\d{8,12}$/, 'must be the merchant number'),
  WECHATPAY_API_V3_KEY: z.string().length(32, 'must be the 32-character APIv3 key'),
  WECHATPAY_MERCHANT_CERT: z.string().includes('BEGIN CERTIFICATE', { message: 'must be the merchant certificate (PEM)' }),
  WECHATPAY_MERCHANT_PRIVATE_KEY: z.string().includes('PRIVATE KEY', { message: 'must be a PEM private key' }),
  /** Where WeChat sends payment notifications: the gateway's route, reachable from WeChat. */
  WECHATPAY_NOTIFY_URL: publicCallbackUrl('http://127.0.0.1:3000/api/v1/payments/wechat/notify'),
  /** Platform public-key mode (instead of platform certificates): the key's id (PUB_KEY_ID_…) and PEM. */
  WECHATPAY_PLATFORM_PUBLIC_KEY_ID: z.string().startsWith('PUB_KEY_ID_').optional(),
  WECHATPAY_PLATFORM_PUBLIC_KEY: z.string().includes('PUBLIC KEY').optional(),
  /** Where Alipay sends payment notifications: the gateway's route, reachable from Alipay. */
  ALIPAY_NOTIFY_URL: publicCallbackUrl('http://127.0.0.1:3000/api/v1/payments/alipay/notify'),
  /** The merchant's partner id (2088…): a notification for another seller is refused. */
  ALIPAY_SELLER_ID: z.string().regex(/^2088\d{12}$/, 'must be the partner id (2088…)'),
  /** How often reconciliation runs (one instance at a time); 0 turns it off. */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  /** How old an open attempt or a processing refund must be before reconciliation asks about it. */
  RECONCILE_GRACE_MS: z.coerce.number().int().min(0).max(86_400_000).default(120_000),
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(5000),
});
export type PaymentEnv = z.infer<typeof paymentEnvSchema> & { RPC_TIMEOUT_MS: number };
