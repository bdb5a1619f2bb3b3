import { hash } from '@node-rs/argon2';
import { clock, fieldCipherOf, insertSealed, type ServiceContext } from '@fuel/shared';
import { StaffEntity } from './staff.entity.js';

/** Demo staff accounts of every role (all with DEMO_STAFF_PASSWORD), loaded once; never in production (SEED_DEMO is refused there). */
export async function seedDemoStaff({ dataSource, logger }: ServiceContext): Promise<void> {
  const { DEMO_STAFF_PASSWORD, demoStaff } = await import('@fuel/devkit/demo');
  const cipher = fieldCipherOf(dataSource);
  if ((await dataSource.getRepository(StaffEntity).count()) > 0) return;
  const passwordHash = await hash(DEMO_STAFF_PASSWORD); // one hash for all: demo data only
  const staff = demoStaff();
  await dataSource.transaction(async (manager) => {
    for (const s of staff) {
      await insertSealed(manager, StaffEntity, {
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
        sessionGeneration: 0,
      });
    }
  });
  logger.info({ staff: staff.length }, 'demo staff loaded');
}
