import { Outbox1765000000000, OUTBOX_ENTITIES, type ServiceDefinition } from '@fuel/shared';
import { PaymentIntents1765100000000 } from './infra/database/migrations/1765100000000-payment-intents.js';
import { PaymentRefunds1765200000000 } from './infra/database/migrations/1765200000000-payment-refunds.js';
import { AttemptRequestKeys1766400000000 } from './infra/database/migrations/1766400000000-attempt-request-keys.js';
import { PAYMENT_ENTITIES } from './modules/intents/payment-intent.entity.js';
import { PaymentIntentRpcController } from './modules/intents/payment-intent.rpc-controller.js';
import { PaymentIntentService } from './modules/intents/payment-intent.service.js';
import { CheckoutService } from './modules/intents/checkout.service.js';
import { PaymentEvents } from './modules/intents/payment-events.js';
import { NotificationRpcController } from './modules/notifications/notification.rpc-controller.js';
import { NotificationService } from './modules/notifications/notification.service.js';
import { ReconciliationService } from './modules/reconciliation/reconciliation.service.js';
import { RefundService } from './modules/refunds/refund.service.js';
import { paymentEnvSchema } from './config/payment-env.js';
import { wechatPayProvider } from './infra/adapters/wechatpay/wechat-pay.provider.js';
import { alipayPayProvider } from './infra/adapters/alipay/alipay-pay.provider.js';

/**
 * The payment service: payment intents paid by wallet, WeChat Pay or Alipay (provider orders, notifications),
 * refunds, reconciliation, and the events that credit recharges and tell owners about payments and refunds.
 */
export const paymentService: ServiceDefinition = {
  name: 'payment',
  env: paymentEnvSchema,
  entities: [...PAYMENT_ENTITIES, ...OUTBOX_ENTITIES],
  migrations: [Outbox1765000000000, PaymentIntents1765100000000, PaymentRefunds1765200000000, AttemptRequestKeys1766400000000],
  controllers: [PaymentIntentRpcController, NotificationRpcController],
  providers: [PaymentIntentService, CheckoutService, PaymentEvents, RefundService, ReconciliationService, NotificationService, wechatPayProvider, alipayPayProvider],
};
