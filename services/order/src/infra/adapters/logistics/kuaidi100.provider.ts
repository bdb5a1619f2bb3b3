import { LOGGER, SERVICE_ENV, type Logger } from '@fuel/shared';
import type { Provider } from '@nestjs/common';
import type { OrderEnv } from '../../../config/order-env.js';
import { Kuaidi100Client } from './kuaidi100.client.js';

export const kuaidi100Provider: Provider = {
  provide: Kuaidi100Client,
  inject: [SERVICE_ENV, LOGGER],
  useFactory: (env: OrderEnv, logger: Logger) =>
    new Kuaidi100Client({ apiBase: env.LOGISTICS_API_BASE, key: env.LOGISTICS_KEY, customer: env.LOGISTICS_CUSTOMER, callbackUrl: env.LOGISTICS_CALLBACK_URL, salt: env.LOGISTICS_CALLBACK_SALT, timeoutMs: 5000 }, logger),
};
