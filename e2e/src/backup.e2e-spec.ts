/**
 * Backups: `npm run backup` dumps every service's database while the platform runs; `npm run restore` loads the
 * dump into fresh databases; there `npm run verify` finds nothing and the balances, ledgers, orders and audit
 * records are the same. The dump holds no encryption key and no phone number in clear; a damaged dump loads nothing.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { memberContracts, type Order } from '@fuel/shared';
import { DEV_FIELD_ENCRYPTION_KEYS, DEV_FIELD_INDEX_KEYS, DEV_FIELD_MAC_KEYS } from '@fuel/devkit';
import { createThrowawayDatabase, type ThrowawayDatabase } from '@fuel/devkit/testing';
import { createConnection } from 'mysql2/promise';
import { Platform, repoRoot, SERVICES, waitFor } from './platform.js';

const run = promisify(execFile);

describe('backup and restore (npm run backup / restore)', () => {
  let platform: Platform;
  let dir: string;
  const restored = {} as Record<(typeof SERVICES)[number], ThrowawayDatabase>;
  const urls = (databases: Record<string, { url: string }>) => Object.fromEntries(SERVICES.map((name) => [`${name.toUpperCase()}_DATABASE_URL`, databases[name]!.url]));

  before(async () => {
    platform = await Platform.start();
    dir = mkdtempSync(join(tmpdir(), 'fuel-backup-'));
    const session = await platform.memberSession('dev-backup-driver');
    const member = { authorization: `Bearer ${session.accessToken}` };
    await platform.rpc('user', memberContracts.credit.pattern, { memberId: session.user.id, amountFen: 100_000, kind: 'recharge', idempotencyKey: 'e2e-backup-topup' }, { kind: 'system', id: 'payment' });
    const order = (await (await platform.request('POST', '/api/v1/orders/mall', { json: { stationId: 1, lines: [{ productId: 1, quantity: 1 }], couponIds: [] }, headers: member })).json()) as Order;
    await platform.request('POST', `/api/v1/payments/intents/${order.intentNo}/attempts`, { json: { method: 'wallet' }, headers: member });
    await waitFor(async () => ((await (await platform.request('GET', `/api/v1/orders/${order.orderNo}`, { headers: member })).json()) as Order).status === 'ready_for_pickup', 10_000, 'paid');
    await platform.staffToken('manager.cd-jj-01', '13800000002'); // audit records
    for (const name of SERVICES) restored[name] = await createThrowawayDatabase(`restored_${name}`);
  });

  after(async () => {
    await Promise.all(Object.values(restored).map((db) => db.drop()));
    rmSync(dir, { recursive: true, force: true });
    await platform?.close();
  });

  async function figures(databases: Record<string, { url: string }>) {
    const count = async (service: string, sql: string) => {
      const connection = await createConnection(databases[service]!.url);
      try {
        const [rows] = await connection.query(sql);
        return JSON.stringify(rows);
      } finally {
        await connection.end();
      }
    };
    return {
      wallets: await count('user', 'SELECT member_id, balance_fen FROM wallets ORDER BY member_id'),
      ledger: await count('user', 'SELECT COUNT(*) AS n, SUM(amount_fen) AS total FROM wallet_ledger'),
      audit: await count('user', 'SELECT COUNT(*) AS n, MAX(hash) AS h FROM staff_audit_log'),
      orders: await count('order', 'SELECT order_no, status, payable_fen FROM orders ORDER BY id'),
      stock: await count('order', 'SELECT SUM(quantity) AS q, SUM(reserved) AS r FROM station_stock'),
      intents: await count('payment', 'SELECT intent_no, status, amount_fen FROM payment_intents ORDER BY id'),
      prices: await count('map', 'SELECT COUNT(*) AS n, SUM(regular_fen) AS s FROM station_prices'),
    };
  }

  it('dumps every service while it runs, restores into fresh databases, and there verify finds nothing and every figure is the same', async () => {
    await run('npm', ['run', '--silent', 'backup', '--', dir], { cwd: repoRoot, env: { ...process.env, ...urls(platform.databases) } });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { services: Record<string, { sha256: string; bytes: number }> };
    assert.deepEqual(Object.keys(manifest.services).sort(), [...SERVICES].sort());
    await run('npm', ['run', '--silent', 'restore', '--', dir], { cwd: repoRoot, env: { ...process.env, ...urls(restored) } });
    const verify = await platform.opsTool('verify/main.js', [], urls(restored));
    assert.equal(verify.code, 0, verify.out);
    assert.deepEqual(await figures(restored), await figures(platform.databases));
    const stillTheSame = await figures(platform.databases);
    assert.ok(JSON.parse(stillTheSame.orders).length >= 1 && JSON.parse(stillTheSame.audit)[0].n >= 2, 'there was something to back up');
  });

  it('keeps keys and phone numbers out of the dump', () => {
    const user = readFileSync(join(dir, 'user.sql'), 'utf8');
    for (const secret of [DEV_FIELD_ENCRYPTION_KEYS, DEV_FIELD_MAC_KEYS, DEV_FIELD_INDEX_KEYS].map((keys) => keys.split(':')[1]!)) assert.ok(!user.includes(secret), 'no key in the dump');
    assert.ok(!user.includes('13800000002'), 'staff phones only encrypted');
    assert.match(user, /CREATE TABLE `staff_audit_log`/);
    assert.match(user, /staff_audit_log_no_update/, 'the append-only triggers come along');
  });

  it('refuses to load a damaged backup', async () => {
    appendFileSync(join(dir, 'order.sql'), '\n-- tampered\n');
    const refused = await run('npm', ['run', '--silent', 'restore', '--', dir], { cwd: repoRoot, env: { ...process.env, ...urls(restored) } }).then(
      () => 'loaded',
      (e: { stderr: string }) => e.stderr,
    );
    assert.match(refused, /does not match the manifest/);
  });
});
