import { hash } from '@node-rs/argon2';
import { clock, FieldCipher, type ServiceContext } from '@fuel/shared';
import type { UserEnv } from '../../config/user-env.js';
import { StaffEntity } from './staff.entity.js';

/** Demo staff accounts of every role (all with DEMO_STAFF_PASSWORD), loaded once; never in production (SEED_DEMO is refused there). */
export async function seedDemoStaff({ dataSource, env, logger }: ServiceContext): Promise<void> {
  const { DEMO_STAFF_PASSWORD, demoStaff } = await import('@fuel/devkit/demo');
  const cipher = FieldCipher.fromEnv(env as unknown as UserEnv);
  if ((await dataSource.getRepository(StaffEntity).count()) > 0) return;
  const passwordHash = await hash(DEMO_STAFF_PASSWORD); // one hash for all: demo data only
  const staff = demoStaff();
  await dataSource.getRepository(StaffEntity).insert(
    staff.map((s) => ({
      username: s.username,
      displayName: s.displayName,
      role: s.role,
      stationId: s.stationId,
      regionCode: s.regionCode,
      passwordHash,
      phone: s.phone,
      phoneIndex: cipher.blindIndex(s.phone),
      status: 'active' as const,
      mustChangePassword: false,
      passwordChangedAt: clock.now(),
    })),
  );
  logger.info({ staff: staff.length }, 'demo staff loaded');
}
