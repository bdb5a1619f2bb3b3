/**
 * `npm run verify`: checks every service's database for what must always hold (consistency.ts) and prints each
 * violation; exit code 0 only when there are none. Databases as databases.ts opens them. With the field keys
 * (FIELD_ENCRYPTION_KEYS, FIELD_MAC_KEYS, FIELD_INDEX_KEYS) it also opens every sealed field at its place.
 */
import { FieldCipher } from '@fuel/shared';
import { openServiceDatabase, queryOf } from '../databases.js';
import { findViolations, type ServiceDatabases } from './consistency.js';

const SERVICES = ['user', 'order', 'payment', 'map'] as const;
const { FIELD_ENCRYPTION_KEYS, FIELD_MAC_KEYS, FIELD_INDEX_KEYS } = process.env;
const fieldCipher = FIELD_ENCRYPTION_KEYS && FIELD_MAC_KEYS && FIELD_INDEX_KEYS ? FieldCipher.fromEnv({ FIELD_ENCRYPTION_KEYS, FIELD_MAC_KEYS, FIELD_INDEX_KEYS }) : undefined;

const sources = await Promise.all(SERVICES.map(async (service) => [service, await openServiceDatabase(service)] as const));
try {
  const databases = Object.fromEntries(sources.map(([service, source]) => [service, queryOf(source)])) as unknown as ServiceDatabases;
  const violations = await findViolations(databases, fieldCipher);
  for (const v of violations) console.log(`VIOLATION ${v.check}: ${v.detail}`);
  if (!fieldCipher) console.log('sealed fields not checked: give FIELD_ENCRYPTION_KEYS, FIELD_MAC_KEYS and FIELD_INDEX_KEYS to open them');
  console.log(violations.length ? `${violations.length} violation(s)` : `consistent: wallets, points, stock, payments, coupons, outbox${fieldCipher ? ', sealed fields' : ''} and the audit chain all hold`);
  process.exitCode = violations.length ? 1 : 0;
} finally {
  await Promise.all(sources.map(([, source]) => source.destroy()));
}
