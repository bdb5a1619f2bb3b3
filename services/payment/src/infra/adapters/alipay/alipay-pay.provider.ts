import { LOGGER, SERVICE_ENV, type Logger } from '@fuel/shared';
import type { Provider } from '@nestjs/common';
import type { PaymentEnv } from '../../../config/payment-env.js';
import { AlipayPayClient } from './alipay-pay.client.js';

/** The service's one Alipay client, configured from the environment. */
export const alipayPayProvider: Provider = {
  provide: AlipayPayClient,
  inject: [SERVICE_ENV, LOGGER],
  useFactory: (env: PaymentEnv, logger: Logger) =>
    new AlipayPayClient(
      { appId: env.ALIPAY_APP_ID, appPrivateKey: env.ALIPAY_APP_PRIVATE_KEY, alipayPublicKey: env.ALIPAY_PUBLIC_KEY, gateway: env.ALIPAY_GATEWAY, timeoutMs: env.PROVIDER_TIMEOUT_MS, notifyUrl: env.ALIPAY_NOTIFY_URL },
      logger,
    ),
};
