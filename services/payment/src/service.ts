import type { ServiceDefinition } from '@fuel/shared';

export const paymentService: ServiceDefinition = {
  name: 'payment',
  entities: [],
  migrations: [],
  controllers: [],
  providers: [],
};
