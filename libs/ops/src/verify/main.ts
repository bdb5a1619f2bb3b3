/**
 * `npm run verify`: checks every service's database for what must always hold (consistency.ts) and prints each
 * violation; exit code 0 only when there are none. Databases: USER_DATABASE_URL, ORDER_DATABASE_URL,
 * PAYMENT_DATABASE_URL, MAP_DATABASE_URL (MySQL/MariaDB), each falling back to the embedded file under DATA_DIR
 * (`npm start`'s data, .data/embedded by default).
 */
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@fuel/shared';
import { findViolations, type Query, type ServiceDatabases } from './consistency.js';

const SERVICES = ['user', 'order', 'payment', 'map'] as const;
const dataDir = process.env.DATA_DIR || join(process.cwd(), '.data', 'embedded');

const sources = await Promise.all(
  SERVICES.map(async (service) => {
    const url = process.env[`${service.toUpperCase()}_DATABASE_URL`] || undefined;
    const source = new DataSource(dataSourceOptions({ service, DATABASE_URL: url, DATABASE_TLS_CA_FILE: process.env.DATABASE_TLS_CA_FILE || undefined, DATA_DIR: dataDir, entities: [], migrations: [] }));
    await source.initialize();
    return [service, source] as const;
  }),
);
try {
  const query = (source: DataSource): Query => (sql, params = []) => source.query(sql, params) as Promise<Array<Record<string, unknown>>>;
  const databases = Object.fromEntries(sources.map(([service, source]) => [service, query(source)])) as unknown as ServiceDatabases;
  const violations = await findViolations(databases);
  for (const v of violations) console.log(`VIOLATION ${v.check}: ${v.detail}`);
  console.log(violations.length ? `${violations.length} violation(s)` : 'consistent: wallets, points, stock, payments, coupons, outbox and the audit chain all hold');
  process.exitCode = violations.length ? 1 : 0;
} finally {
  await Promise.all(sources.map(([, source]) => source.destroy()));
}
