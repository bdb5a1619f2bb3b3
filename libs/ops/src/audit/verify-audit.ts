/**
 * `npm run audit:verify`: walks the staff audit log's hash chain and reports the first broken link (an edited,
 * deleted or reordered record). Reads the user service's database: USER_DATABASE_URL or DATABASE_URL (MySQL or
 * MariaDB), else the embedded file under DATA_DIR (`npm start`'s data). Exit code 0 only when every link holds.
 * The head it prints (sequence and hash) is worth writing down elsewhere: deleting the newest records leaves no
 * gap inside the chain, so only a head kept outside the database shows that.
 */
import { join } from 'node:path';
import { dataSourceOptions } from '@fuel/shared';
import { walkAuditChain } from '../verify/consistency.js';
import { DataSource } from 'typeorm';

const url = process.env.USER_DATABASE_URL || process.env.DATABASE_URL || undefined;
const dataSource = new DataSource(
  dataSourceOptions({ service: 'user', DATABASE_URL: url, DATABASE_TLS_CA_FILE: process.env.DATABASE_TLS_CA_FILE || undefined, DATA_DIR: process.env.DATA_DIR ?? join(process.cwd(), '.data/embedded'), entities: [], migrations: [] }),
);
await dataSource.initialize();
try {
  const result = await walkAuditChain((sql, params = []) => dataSource.query(sql, params));
  if (result.broken) {
    console.log(`audit chain BROKEN at seq ${result.broken.seq} (${result.broken.reason}); ${result.checked} records before it hold`);
    process.exitCode = 1;
  } else {
    console.log(`audit chain intact: ${result.checked} records, head seq ${result.head.seq} hash ${result.head.hash}`);
  }
} finally {
  await dataSource.destroy();
}
