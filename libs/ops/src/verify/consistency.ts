/**
 * The consistency verifier's checks (`npm run verify`): what must hold across every service's database whatever
 * happened — crashes, retries, outages. Each check reads with plain SQL that MySQL/MariaDB and the embedded SQLite
 * both run, and returns its violations; none means the platform kept its promises.
 * - wallet: each balance is the sum of its ledger, and never negative;
 * - points: each member's points are the sum of their points ledger;
 * - stock: nothing below zero, on hand = Σ movements and reserved = Σ reserved movements, per station and product;
 * - payments: each paid intent has its one paid attempt (a second paid attempt has been refunded), refunds never
 *   above the amount; each paid order has a paid intent for exactly its payable amount;
 * - coupons: each used coupon belongs to something paid (an order or recharge intent) or a counter redemption;
 * - outbox: every event delivered;
 * - audit: the staff audit log's hash chain is intact;
 * - fields (given the field keys): every sealed field opens at its place, under the current key, with its blind
 *   index under the current index key.
 */
import { ChainVerifier, type ChainBreak, type FieldCipher } from '@fuel/shared';
import type { Query } from '../databases.js';
import { describeFinding, inspect, sealedRows } from '../fields/sealed-rows.js';

export type { Query };
export interface ServiceDatabases {
  user: Query;
  order: Query;
  payment: Query;
  map: Query;
}
export interface Violation {
  check: 'wallet' | 'points' | 'stock' | 'payments' | 'coupons' | 'outbox' | 'audit' | 'fields';
  detail: string;
}

const PAID_INTENT = ['succeeded', 'partially_refunded', 'refunded'];
const PAID_ORDER = ['paid', 'ready_for_pickup', 'picked_up', 'shipped', 'delivered', 'completed', 'refund_requested', 'refunded'];
const n = (value: unknown) => Number(value ?? 0);
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

async function wallets(db: ServiceDatabases): Promise<Violation[]> {
  const rows = await db.user('SELECT w.member_id AS id, w.balance_fen AS balance, (SELECT COALESCE(SUM(l.amount_fen), 0) FROM wallet_ledger l WHERE l.member_id = w.member_id) AS ledger FROM wallets w');
  return rows
    .filter((r) => n(r.balance) !== n(r.ledger) || n(r.balance) < 0)
    .map((r) => ({ check: 'wallet' as const, detail: `member ${n(r.id)}: balance ${n(r.balance)} fen, ledger sums to ${n(r.ledger)}` }));
}

async function points(db: ServiceDatabases): Promise<Violation[]> {
  const rows = await db.user('SELECT m.id AS id, m.points AS points, (SELECT COALESCE(SUM(l.points), 0) FROM points_ledger l WHERE l.member_id = m.id) AS ledger FROM members m');
  return rows.filter((r) => n(r.points) !== n(r.ledger)).map((r) => ({ check: 'points' as const, detail: `member ${n(r.id)}: ${n(r.points)} points, ledger sums to ${n(r.ledger)}` }));
}

async function stock(db: ServiceDatabases): Promise<Violation[]> {
  const rows = await db.order(
    'SELECT s.station_id AS station, s.product_id AS product, s.quantity AS quantity, s.reserved AS reserved, ' +
      '(SELECT COALESCE(SUM(m.delta), 0) FROM stock_movements m WHERE m.station_id = s.station_id AND m.product_id = s.product_id) AS moved, ' +
      '(SELECT COALESCE(SUM(m.reserved_delta), 0) FROM stock_movements m WHERE m.station_id = s.station_id AND m.product_id = s.product_id) AS held FROM station_stock s',
  );
  return rows
    .filter((r) => n(r.quantity) < 0 || n(r.reserved) < 0 || n(r.quantity) !== n(r.moved) || n(r.reserved) !== n(r.held))
    .map((r) => ({ check: 'stock' as const, detail: `station ${n(r.station)} product ${n(r.product)}: on hand ${n(r.quantity)} (movements ${n(r.moved)}), reserved ${n(r.reserved)} (movements ${n(r.held)})` }));
}

async function payments(db: ServiceDatabases): Promise<Violation[]> {
  const violations: Violation[] = [];
  const intents = await db.payment(
    `SELECT i.id AS id, i.intent_no AS intentNo, i.payable_ref AS ref, i.amount_fen AS amount, i.refunded_fen AS refunded, i.status AS status, i.paid_attempt_id AS paidAttempt, ` +
      `(SELECT COUNT(*) FROM payment_attempts a WHERE a.id = i.paid_attempt_id AND a.intent_id = i.id AND a.paid_at IS NOT NULL) AS paidOk, ` +
      `(SELECT COUNT(*) FROM payment_attempts a WHERE a.intent_id = i.id AND a.paid_at IS NOT NULL AND (i.paid_attempt_id IS NULL OR a.id <> i.paid_attempt_id) ` +
      `AND NOT EXISTS (SELECT 1 FROM payment_refunds r WHERE r.attempt_id = a.id)) AS strayPaid FROM payment_intents i`,
  );
  for (const i of intents) {
    const paid = PAID_INTENT.includes(String(i.status));
    if (paid && n(i.paidOk) !== 1) violations.push({ check: 'payments', detail: `intent ${String(i.intentNo)} is ${String(i.status)} without its paid attempt` });
    if (n(i.strayPaid) > 0) violations.push({ check: 'payments', detail: `intent ${String(i.intentNo)}: ${n(i.strayPaid)} other paid attempt(s) never refunded` });
    if (n(i.refunded) > n(i.amount) || n(i.refunded) < 0) violations.push({ check: 'payments', detail: `intent ${String(i.intentNo)}: refunded ${n(i.refunded)} of ${n(i.amount)} fen` });
  }
  const byRef = new Map(intents.map((i) => [String(i.ref), i]));
  const orders = await db.order(`SELECT order_no AS orderNo, payable_fen AS payable, status FROM orders WHERE status IN (${list(PAID_ORDER)})`);
  for (const o of orders) {
    const intent = byRef.get(String(o.orderNo));
    if (!intent || !PAID_INTENT.includes(String(intent.status))) violations.push({ check: 'payments', detail: `order ${String(o.orderNo)} is ${String(o.status)} without a paid intent` });
    else if (n(intent.amount) !== n(o.payable)) violations.push({ check: 'payments', detail: `order ${String(o.orderNo)}: payable ${n(o.payable)} fen, paid ${n(intent.amount)}` });
  }
  return violations;
}

async function coupons(db: ServiceDatabases): Promise<Violation[]> {
  const used = await db.user("SELECT id, order_ref AS ref FROM coupons WHERE status = 'used'");
  const refs = [...new Set(used.map((c) => String(c.ref ?? '')).filter((ref) => ref && !ref.startsWith('store:')))];
  const paid = new Set<string>();
  for (let i = 0; i < refs.length; i += 500) {
    const chunk = refs.slice(i, i + 500);
    const rows = await db.payment(`SELECT payable_ref AS ref FROM payment_intents WHERE status IN (${list(PAID_INTENT)}) AND payable_ref IN (${chunk.map(() => '?').join(', ')})`, chunk);
    rows.forEach((r) => paid.add(String(r.ref)));
  }
  return used
    .filter((c) => {
      const ref = String(c.ref ?? '');
      return !ref.startsWith('store:') && !paid.has(ref);
    })
    .map((c) => ({ check: 'coupons' as const, detail: `coupon ${n(c.id)} used for ${String(c.ref ?? 'nothing')}, which was not paid` }));
}

async function outbox(db: ServiceDatabases): Promise<Violation[]> {
  const violations: Violation[] = [];
  for (const [service, query] of [['order', db.order], ['payment', db.payment], ['map', db.map]] as const) {
    const [row] = await query('SELECT COUNT(*) AS waiting, MIN(topic) AS topic FROM outbox_events WHERE published_at IS NULL');
    if (n(row?.waiting) > 0) violations.push({ check: 'outbox', detail: `${service}: ${n(row!.waiting)} event(s) not delivered (e.g. ${String(row!.topic)})` });
  }
  return violations;
}

/**
 * Walks the staff audit log's hash chain in seq order, a page at a time: the first break, or the head when every
 * link holds. Also what `npm run audit:verify` runs.
 */
export async function walkAuditChain(query: Query): Promise<{ checked: number; head: { seq: number; hash: string }; broken: ChainBreak | null }> {
  const verifier = new ChainVerifier();
  for (let after = 0; ; ) {
    const rows = await query(
      'SELECT seq, created_at AS at, staff_id AS staffId, username, role, station_id AS stationId, region_code AS regionCode, action, target, outcome, detail, ip, request_id AS requestId, prev_hash AS prevHash, hash FROM staff_audit_log WHERE seq > ? ORDER BY seq LIMIT 1000',
      [after],
    );
    for (const r of rows) {
      // MySQL hands back a Date (UTC sessions); the embedded database the UTC text it was written as.
      const at = r.at instanceof Date ? r.at : new Date(`${String(r.at).replace(' ', 'T')}Z`);
      const broken = verifier.next({
        seq: n(r.seq),
        at: at.toISOString(),
        staffId: r.staffId === null ? null : n(r.staffId),
        username: String(r.username),
        role: (r.role ?? null) as never,
        stationId: r.stationId === null ? null : n(r.stationId),
        regionCode: (r.regionCode ?? null) as string | null,
        action: String(r.action),
        target: (r.target ?? null) as string | null,
        outcome: r.outcome as 'success' | 'failure',
        detail: (r.detail ?? null) as string | null,
        ip: (r.ip ?? null) as string | null,
        requestId: (r.requestId ?? null) as string | null,
        prevHash: String(r.prevHash),
        hash: String(r.hash),
      });
      if (broken) return { checked: verifier.checked, head: verifier.head, broken };
    }
    if (rows.length < 1000) return { checked: verifier.checked, head: verifier.head, broken: null };
    after = n(rows.at(-1)!.seq);
  }
}

async function audit(db: ServiceDatabases): Promise<Violation[]> {
  const { broken } = await walkAuditChain(db.user);
  return broken ? [{ check: 'audit', detail: `audit chain broken at seq ${broken.seq} (${broken.reason})` }] : [];
}

async function sealedFields(db: ServiceDatabases, cipher: FieldCipher): Promise<Violation[]> {
  const found: Violation[] = [];
  for await (const row of sealedRows(db.user)) {
    for (const finding of inspect(cipher, row).findings) found.push({ check: 'fields', detail: describeFinding(cipher, row, finding) });
  }
  return found;
}

/** Every check, in order; an empty list means consistent. Sealed fields are checked when their keys are given. */
export async function findViolations(db: ServiceDatabases, fieldCipher?: FieldCipher): Promise<Violation[]> {
  const found: Violation[] = [];
  for (const check of [wallets, points, stock, payments, coupons, outbox, audit]) found.push(...(await check(db)));
  if (fieldCipher) found.push(...(await sealedFields(db, fieldCipher)));
  return found;
}
