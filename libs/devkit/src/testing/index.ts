/**
 * Helpers for tests that run against the real MariaDB/MySQL and Redis: each test file gets a throwaway
 * database and a unique Redis key prefix, and removes them afterwards. The servers themselves are started
 * (when missing) by scripts/test.mjs, never stopped by tests.
 */
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { devRpcIdentity } from '../dev-env.js';
import { type Actor, signRpcMeta, rpcRoute, rpcTcpOptions } from '@fuel/shared';

export const TEST_MYSQL_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
/** A GTID replica of TEST_MYSQL_URL's server (scripts/lib/replication.mjs), when a run provides one. */
export const TEST_MYSQL_REPLICA_URL = process.env.TEST_MYSQL_REPLICA_URL || undefined;
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface ThrowawayDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** The URL of database `name` on `server` (whose query, such as mysql2's `ssl`, is kept). */
export function databaseUrl(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh database on `server` (the shared test server unless given), dropped by `drop()`. */
export async function createThrowawayDatabase(label: string, server = TEST_MYSQL_URL): Promise<ThrowawayDatabase> {
  const name = `t_${label.replace(/[^a-z0-9]/gi, '_')}_${randomBytes(4).toString('hex')}`.toLowerCase();
  const admin = await createConnection(server);
  try {
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: databaseUrl(server, name),
    drop: async () => {
      const conn = await createConnection(server);
      try {
        await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await conn.end();
      }
    },
  };
}

/**
 * The audit log's writing account for a throwaway database: INSERT and SELECT on staff_audit_log and nothing else
 * (as infra/mysql/audit-writer.sql grants it in the compose topology). Created without rights; `grant()` once the
 * user service's migrations made the table (MySQL grants on a table need the table).
 */
export async function createAuditWriter(database: ThrowawayDatabase): Promise<{ url: string; grant(): Promise<void>; drop(): Promise<void> }> {
  const user = `aw_${randomBytes(5).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const hosts = ['localhost', '127.0.0.1'];
  const server = new URL(database.url);
  server.pathname = '/';
  const run = async (statements: string[]) => {
    const admin = await createConnection(server.toString());
    try {
      for (const statement of statements) await admin.query(statement);
    } finally {
      await admin.end();
    }
  };
  await run(hosts.map((host) => `CREATE USER '${user}'@'${host}' IDENTIFIED BY '${password}'`));
  return {
    url: `mysql://${user}:${password}@${server.host}/${database.name}`,
    grant: () => run(hosts.map((host) => `GRANT INSERT, SELECT ON \`${database.name}\`.staff_audit_log TO '${user}'@'${host}'`)),
    drop: () => run(hosts.map((host) => `DROP USER IF EXISTS '${user}'@'${host}'`)),
  };
}

export function uniqueRedisPrefix(label: string): string {
  return `test:${label}:${randomBytes(4).toString('hex')}:`;
}

export { freePort, freePortRun } from './ports.js';

/**
 * A TCP client to one service as another process would call it: the envelope signed with that process's
 * development key (a `system` actor's own; else `caller`'s, the test harness by default), with the actor of your
 * choice. `close()` when done.
 */
export function signedRpcClient(port: number, caller: Parameters<typeof devRpcIdentity>[0] = 'e2e') {
  const client: ClientProxy = ClientProxyFactory.create({ transport: Transport.TCP, options: rpcTcpOptions('127.0.0.1', port) });
  return {
    call<T>(actor: Actor | undefined, pattern: string, data: unknown): Promise<T> {
      // A system actor is the calling service itself (the services refuse anything else).
      const signer = devRpcIdentity(actor?.kind === 'system' ? (actor.id as typeof caller) : caller);
      const meta = signRpcMeta(signer, pattern, { requestId: `${signer.name}-0001`, actor }, data);
      return firstValueFrom(client.send<T>(rpcRoute({ pattern }), { meta, data }));
    },
    close: () => client.close(),
  };
}
