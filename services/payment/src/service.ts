import { Outbox1765000000000, OUTBOX_ENTITIES, type ServiceDefinition } from '@fuel/shared';
import { PaymentIntents1765100000000 } from './infra/database/migrations/1765100000000-payment-intents.js';
import { PAYMENT_ENTITIES } from './modules/intents/payment-intent.entity.js';
import { PaymentIntentRpcController } from './modules/intents/payment-intent.rpc-controller.js';
import { PaymentIntentService } from './modules/intents/payment-intent.service.js';

/** The payment service: payment intents (providers, notifications, refunds and reconciliation come next). */
export const paymentService: ServiceDefinition = {
  name: 'payment',
  entities: [...PAYMENT_ENTITIES, ...OUTBOX_ENTITIES],
  migrations: [Outbox1765000000000, PaymentIntents1765100000000],
  controllers: [PaymentIntentRpcController],
  providers: [PaymentIntentService],
};
