import { LOGGER, SERVICE_ENV, type Logger } from '@fuel/shared';
import type { Provider } from '@nestjs/common';
import type { PaymentEnv } from '../../../config/payment-env.js';
import { WechatPayClient } from './wechat-pay.client.js';

/** The service's one WeChat Pay client, configured from the environment. */
export const wechatPayProvider: Provider = {
  provide: WechatPayClient,
  inject: [SERVICE_ENV, LOGGER],
  useFactory: (env: PaymentEnv, logger: Logger) =>
    new WechatPayClient(
      {
        apiBase: env.WECHATPAY_API_BASE,
        appId: env.WECHAT_APP_ID,
        mchId: env.WECHATPAY_MCH_ID,
        apiV3Key: env.WECHATPAY_API_V3_KEY,
        merchantCert: env.WECHATPAY_MERCHANT_CERT,
        merchantPrivateKey: env.WECHATPAY_MERCHANT_PRIVATE_KEY,
        notifyUrl: env.WECHATPAY_NOTIFY_URL,
        timeoutMs: env.PROVIDER_TIMEOUT_MS,
        platformPublicKeyId: env.WECHATPAY_PLATFORM_PUBLIC_KEY_ID,
        platformPublicKey: env.WECHATPAY_PLATFORM_PUBLIC_KEY,
      },
      logger,
    ),
};
