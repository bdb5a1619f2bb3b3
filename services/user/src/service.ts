import type { ServiceDefinition } from '@fuel/shared';

export const userService: ServiceDefinition = {
  name: 'user',
  entities: [],
  migrations: [],
  controllers: [],
  providers: [],
};
