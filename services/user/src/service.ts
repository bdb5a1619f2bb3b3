import { FieldCipher, useFieldCipher, type ServiceDefinition } from '@fuel/shared';
import { userEnvSchema, type UserEnv } from './config/user-env.js';
import { AliyunSmsSender, SmsSender } from './infra/adapters/sms/sms-sender.js';
import { Staff1764100000000 } from './infra/database/migrations/1764100000000-staff.js';
import { StaffAuditEntity, StaffEntity } from './modules/staff/staff.entity.js';
import { StaffAuthService } from './modules/staff/staff-auth.service.js';
import { StaffRepository } from './modules/staff/staff.repository.js';
import { StaffRpcController } from './modules/staff/staff.rpc-controller.js';
import { seedDemoStaff } from './modules/staff/staff.seed.js';

/** The user service: staff accounts and sign-in now; members, wallet, coupons and points next. */
export const userService: ServiceDefinition = {
  name: 'user',
  env: userEnvSchema,
  entities: [StaffEntity, StaffAuditEntity],
  migrations: [Staff1764100000000],
  controllers: [StaffRpcController],
  providers: [StaffRepository, StaffAuthService, { provide: SmsSender, useClass: AliyunSmsSender }],
  onInit: ({ env }) => useFieldCipher(FieldCipher.fromEnv(env as unknown as UserEnv)),
  seedDemo: seedDemoStaff,
};
