/**
 * TLS to the database and to Redis, and mutual TLS between the processes: a private MariaDB that refuses every
 * plain connection (require_secure_transport) and a private redis-server listening for TLS only, both with a
 * certificate from a test CA made by openssl, and an RPC CA with one certificate per process. With
 * DATABASE_TLS_CA_FILE, a `rediss://` REDIS_URL, REDIS_TLS_CA_FILE and RPC_TLS_* the whole platform runs on them
 * (sign-in, a wallet payment, staff codes and sessions, the audit log's own account, the verifier); a database
 * whose certificate does not chain to the configured CA is refused, and so are a plain RPC connection and an
 * envelope from another process than the certificate names.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { memberContracts, openDataSource, signRpcMeta, type Order, type PaymentStart } from '@fuel/shared';
import { devRpcIdentity } from '@fuel/devkit';
import { databaseUrl, freePort } from '@fuel/devkit/testing';
import { createConnection } from 'mysql2/promise';
import { isPortOpen, makeRpcCertificates, Platform, repoRoot, waitFor } from './platform.js';

interface Server {
  url: string;
  sql(statements: string): string;
  stop(): Promise<void>;
}

function makeCertificates(dir: string): { ca: string; otherCa: string; cert: string; key: string } {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=fuel-test-ca');
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'other-ca-key.pem', '-out', 'other-ca.pem', '-days', '2', '-subj', '/CN=someone-else');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server-key.pem', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'san.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'san.cnf');
  return { ca: join(dir, 'ca.pem'), otherCa: join(dir, 'other-ca.pem'), cert: join(dir, 'server.pem'), key: join(dir, 'server-key.pem') };
}

describe('TLS between the services and MariaDB and Redis', () => {
  let dir: string;
  let certificates: ReturnType<typeof makeCertificates>;
  let server: Server;
  /** The tests' own admin connections: TLS without verification (the services verify). */
  let adminUrl: string;
  let redis: ChildProcess;
  let redisPort: number;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'db-tls-'));
    certificates = makeCertificates(dir);
    const { startPrivateMariaDb } = (await import(pathToFileURL(join(repoRoot, 'scripts/lib/private-mariadb.mjs')).href)) as { startPrivateMariaDb(options: { name: string; port: number; args: string[] }): Promise<Server> };
    server = await startPrivateMariaDb({ name: 'mariadb-tls', port: await freePort(), args: [`--ssl-ca=${certificates.ca}`, `--ssl-cert=${certificates.cert}`, `--ssl-key=${certificates.key}`] });
    server.sql('SET GLOBAL require_secure_transport = ON');
    adminUrl = `${server.url}/?ssl=${encodeURIComponent(JSON.stringify({ rejectUnauthorized: false }))}`;
    redisPort = await freePort();
    redis = spawn('redis-server', ['--port', '0', '--tls-port', String(redisPort), '--bind', '127.0.0.1', '--tls-cert-file', certificates.cert, '--tls-key-file', certificates.key, '--tls-ca-cert-file', certificates.ca, '--tls-auth-clients', 'no', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitFor(() => isPortOpen(redisPort), 10_000, 'redis-server over TLS');
  });

  after(async () => {
    redis?.kill();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the server refuses a plain connection, and accepts the same account over TLS', async () => {
    // MariaDB answers a plain attempt as a refused login.
    await assert.rejects(createConnection(server.url), /insecure transport|Access denied/i);
    const overTls = await createConnection(adminUrl);
    await overTls.end();
  });

  it('a service refuses a server whose certificate its CA did not sign', async () => {
    await assert.rejects(
      openDataSource({ service: 'tls-check', DATABASE_URL: databaseUrl(server.url, 'tls_check'), DATABASE_TLS_CA_FILE: certificates.otherCa, DATA_DIR: dir, entities: [], migrations: [] }),
      /certificate/i,
    );
  });

  it('runs the platform over TLS to both and mutual TLS between its processes: sign-in, a wallet payment, staff codes and sessions, the audit log, the verifier', async () => {
    const rpcTlsDir = join(dir, 'rpc');
    mkdirSync(rpcTlsDir);
    makeRpcCertificates(rpcTlsDir);
    const platform = await Platform.start({ mysql: { serverUrl: adminUrl }, redisUrl: `rediss://127.0.0.1:${redisPort}`, env: { DATABASE_TLS_CA_FILE: certificates.ca, REDIS_TLS_CA_FILE: certificates.ca }, rpcTlsDir });
    try {
      const session = await platform.memberSession('dev-db-tls');
      const member = { authorization: `Bearer ${session.accessToken}` };
      await platform.rpc('user', memberContracts.credit.pattern, { memberId: session.user.id, amountFen: 50_000, kind: 'recharge', idempotencyKey: 'e2e-db-tls' }, { kind: 'system', id: 'payment' });
      const order = (await (await platform.request('POST', '/api/v1/orders/fuel', { json: { stationId: 1, pumpNumber: 1, grade: '92', amountFen: 20_000, couponIds: [] }, headers: member })).json()) as Order;
      const paid = (await (await platform.request('POST', `/api/v1/payments/intents/${order.intentNo}/attempts`, { json: { method: 'wallet' }, headers: member })).json()) as PaymentStart;
      assert.equal(paid.wallet?.status, 'succeeded');
      // Every service connection is TLS: the server refuses any other (require_secure_transport, first test). A staff
      // sign-in writes the audit log through its own account, so that connection is TLS too.
      await platform.staffToken('manager.cd-jj-01', '13800000002');
      const audit = await createConnection(platform.databases.user.url);
      try {
        const [rows] = await audit.query("SELECT COUNT(*) AS n FROM staff_audit_log WHERE username = 'manager.cd-jj-01'");
        assert.ok(Number((rows as Array<{ n: number }>)[0]!.n) >= 2);
      } finally {
        await audit.end();
      }
      const health = (await (await platform.request('GET', '/api/v1/health')).json()) as { services: Record<string, { hotStore: { type: string; status: string } }> };
      for (const report of Object.values(health.services)) assert.deepEqual(report.hotStore, { type: 'redis', status: 'up' });
      const verified = await platform.verify();
      assert.equal(verified.code, 0, verified.out);
      // RPC is mutual TLS: a plain TCP client gets no answer, and a certificate speaks only for its own process.
      const walletGet = { meta: signRpcMeta(devRpcIdentity('gateway'), 'user.wallet.get', { requestId: 'e2e-rpc-tls-1', actor: { kind: 'member', id: String(session.user.id) } }, {}), data: {} };
      await assert.rejects(platform.rawRpc('user', 'user.wallet.get', walletGet, { plain: true }), (error: { code?: string }) => ['CLOSED', 'ECONNRESET', 'EPIPE'].includes(error.code ?? ''));
      await assert.rejects(platform.rawRpc('user', 'user.wallet.get', walletGet, { as: 'order' }), (error: { code?: string }) => error.code === 'UNAUTHENTICATED', 'the gateway’s envelope on the order service’s connection');
      const wallet = await platform.rawRpc<{ balanceFen: number }>('user', 'user.wallet.get', { ...walletGet, meta: signRpcMeta(devRpcIdentity('gateway'), 'user.wallet.get', { requestId: 'e2e-rpc-tls-2', actor: { kind: 'member', id: String(session.user.id) } }, {}) }, { as: 'gateway' });
      assert.equal(wallet.balanceFen, 30_000);
      await waitFor(() => platform.logs('user').some((line) => line.includes('"reason":"certificate-not-caller"')), 5_000, 'the refusal logged');
    } finally {
      await platform.close();
    }
  });
});
