/**
 * Overload: more mall orders at once than there is room for, at a gateway whose route admits 2 at a time and at an
 * order service that admits 1 placement at a time, neither with any queue. Each request either completes (201) or
 * is refused before it changed anything: 503 SERVICE_UNAVAILABLE with Retry-After, no order, no stock held. The
 * refused ones, sent again with their keys, all go through; the stock is exact and the verifier finds nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Order } from '@fuel/shared';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { itLeavesEverythingConsistent, Platform, waitFor } from './platform.js';

const AT_ONCE = 16;
const BASKET = { stationId: 1, lines: [{ productId: 2, quantity: 1 }], couponIds: [] };

describe('overload: refused before any work, or done', () => {
  let platform: Platform;
  let orderDb: Connection;
  let member: { id: number; authorization: string };

  before(async () => {
    platform = await Platform.start();
    orderDb = await createConnection(platform.databases.order.url);
    const session = await platform.memberSession('dev-overload');
    member = { id: session.user.id, authorization: `Bearer ${session.accessToken}` };
  });

  after(async () => {
    await orderDb?.end();
    await platform?.close();
  });

  const reserved = async () => Number(((await orderDb.query<RowDataPacket[]>('SELECT reserved FROM station_stock WHERE station_id = 1 AND product_id = 2'))[0][0] as { reserved: number }).reserved);
  const orders = async () => Number(((await orderDb.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM orders WHERE member_id = ?', [member.id]))[0][0] as { n: number }).n);

  /** AT_ONCE orders sent together through `base`, each with its own key; then the refused ones again, one by one. */
  async function rush(base: string, round: string): Promise<void> {
    const [ordersBefore, reservedBefore] = [await orders(), await reserved()];
    const send = (key: string) => fetch(`${base}/api/v1/orders/mall`, { method: 'POST', headers: { authorization: member.authorization, 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(BASKET) });
    const keys = Array.from({ length: AT_ONCE }, (_, i) => `e2e-overload-${round}-${i}`);
    const answers = await Promise.all(keys.map(send));
    const statuses = answers.map((a) => a.status);
    assert.ok(statuses.every((s) => s === 201 || s === 503), `only done or refused: ${statuses.join(' ')}`);
    const refused = answers.filter((a) => a.status === 503);
    assert.ok(refused.length > 0 && refused.length < AT_ONCE, `some refused, some done: ${statuses.join(' ')}`);
    for (const answer of refused) {
      assert.equal(answer.headers.get('retry-after'), '1');
      const body = (await answer.json()) as { error: { code: string; details: { overloaded?: boolean } } };
      assert.deepEqual([body.error.code, body.error.details.overloaded], ['SERVICE_UNAVAILABLE', true]);
    }
    const done = AT_ONCE - refused.length;
    assert.equal(await orders(), ordersBefore + done, 'an order for each one done, none for the refused');
    assert.equal(await reserved(), reservedBefore + done, 'stock held for each one done only');

    // The refused ones, again with their keys (as the app does after Retry-After): each goes through once.
    for (const [i, answer] of answers.entries()) {
      if (answer.status !== 503) continue;
      let again!: Response;
      await waitFor(async () => (again = await send(keys[i]!)).status !== 503, 10_000, 'a place');
      assert.equal(again.status, 201);
      assert.match(((await again.json()) as Order).orderNo, /^M/);
    }
    assert.equal(await orders(), ordersBefore + AT_ONCE);
    assert.equal(await reserved(), reservedBefore + AT_ONCE);
  }

  it('at the gateway: a route admits 2 at once; the rest is refused with Retry-After and changed nothing', async () => {
    const base = await platform.startAnotherGateway('gateway-tight', { ADMISSION_CONCURRENCY: '2', ADMISSION_QUEUE_MS: '0' });
    await rush(base, 'gw');
  });

  it('in the order service: one placement at a time; what it refuses changed nothing', async () => {
    await platform.stopService('order');
    await platform.startInstance('order', 'order', platform.rpcPorts.order, { ADMISSION_CONCURRENCY: '1', ADMISSION_QUEUE_MS: '0' });
    await platform.waitUntilHealthy(60_000);
    await rush(platform.url, 'svc');
    const metrics = await platform.metrics('order');
    assert.match(metrics, /fuel_admission_refusals_total\{[^}]*kind="order.mall.place"[^}]*\} [1-9]/);
  });

  itLeavesEverythingConsistent(() => platform);
});
