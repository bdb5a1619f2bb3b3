/**
 * The services' databases as the operations tools open them: `<SERVICE>_DATABASE_URL` (MySQL/MariaDB, with
 * DATABASE_TLS_CA_FILE for TLS), else the embedded file under DATA_DIR (`npm start`'s data, .data/embedded by
 * default). The embedded file is written by the running service too: stop `npm start` before changing it.
 */
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@fuel/shared';

export type Query = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;
/** A change and how many rows it changed. */
export type Change = (sql: string, params?: unknown[]) => Promise<number>;

export async function openServiceDatabase(service: string, env: NodeJS.ProcessEnv = process.env): Promise<DataSource> {
  const source = new DataSource(
    dataSourceOptions({
      service,
      DATABASE_URL: env[`${service.toUpperCase()}_DATABASE_URL`] || undefined,
      DATABASE_TLS_CA_FILE: env.DATABASE_TLS_CA_FILE || undefined,
      DATA_DIR: env.DATA_DIR || join(process.cwd(), '.data', 'embedded'),
      entities: [],
      migrations: [],
    }),
  );
  await source.initialize();
  return source;
}

export const queryOf = (source: DataSource): Query => (sql, params = []) => source.query(sql, params) as Promise<Array<Record<string, unknown>>>;

export const changeOf = (source: DataSource): Change => async (sql, params = []) => {
  const runner = source.createQueryRunner();
  try {
    return (await runner.query(sql, params, true)).affected ?? 0;
  } finally {
    await runner.release();
  }
};
