import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createConnection } from 'mysql2/promise';
import { signStationToken, stationSecret, type StationDetail } from '@fuel/shared';
import { DEV_BACKOFFICE_MASTER_KEY } from '@fuel/devkit';
import { itLeavesEverythingConsistent, Platform, waitFor } from './platform.js';

const STATION = 5;
const PATH = `/api/v1/backoffice/stations/${STATION}/prices`;
/** A back-office's token for `body` posted to `path` (the price route unless given). */
const token = (body: unknown, stationId = STATION, master = DEV_BACKOFFICE_MASTER_KEY, path = PATH) => signStationToken(stationId, stationSecret(master, stationId), { method: 'POST', path, body });

describe('station back-office price changes through the gateway', () => {
  let platform: Platform;

  before(async () => {
    platform = await Platform.start();
  });

  after(async () => {
    await platform?.close();
  });

  const detail = async () => (await (await platform.request('GET', `/api/v1/stations/${STATION}`)).json()) as StationDetail;
  const push = (body: unknown, headers: Record<string, string> = { 'x-station-token': token(body) }) => platform.request('POST', PATH, { json: body, headers });
  const price92 = (regularFen: number, silver = regularFen - 10, gold = regularFen - 20, diamond = regularFen - 30) => ({
    grade: '92',
    regularFen,
    memberFen: { silver, gold, diamond },
  });
  async function history() {
    const connection = await createConnection(platform.databases.map.url);
    try {
      const [rows] = await connection.query('SELECT seq, grade, old_regular_fen, new_regular_fen, changed_by FROM price_changes WHERE station_id = ? ORDER BY id', [STATION]);
      return rows as Array<{ seq: number; grade: string; old_regular_fen: string; new_regular_fen: string; changed_by: string }>;
    } finally {
      await connection.end();
    }
  }

  it('applies a valid change with the next sequence number, records it in the history, and shows it in the detail', async () => {
    const before = (await detail()).prices.find((p) => p.grade === '92')!;
    const response = await push({ changes: [price92(before.regularFen + 3)] });
    assert.equal(response.status, 200);
    const result = (await response.json()) as { seq: number; prices: Array<{ grade: string; regularFen: number }> };
    assert.equal(result.seq, 1);
    assert.equal(result.prices.find((p) => p.grade === '92')!.regularFen, before.regularFen + 3);
    assert.equal((await detail()).prices.find((p) => p.grade === '92')!.regularFen, before.regularFen + 3);
    const rows = await history();
    assert.equal(rows.length, 1);
    assert.equal(Number(rows[0].old_regular_fen), before.regularFen);
    assert.equal(Number(rows[0].new_regular_fen), before.regularFen + 3);
    assert.equal(rows[0].changed_by, `backoffice:${STATION}`);
    // Its announcement committed with it (outbox) and was published after commit.
    const connection = await createConnection(platform.databases.map.url);
    try {
      const [events] = await connection.query("SELECT topic, aggregate_id, payload, published_at FROM outbox_events WHERE aggregate_id = ? AND topic = 'prices'", [String(STATION)]);
      const announced = events as Array<{ topic: string; payload: string; published_at: Date | null }>;
      assert.equal(announced.length, 1);
      assert.equal((JSON.parse(announced[0].payload) as { seq: number }).seq, 1);
      assert.ok(announced[0].published_at, 'published');
    } finally {
      await connection.end();
    }
  });

  it('refuses a missing, wrong-station, wrong-key or replayed token, and a token signed for another body or route, changing nothing', async () => {
    const before = await detail();
    const body = { changes: [price92(before.prices[0].regularFen + 1)] };
    const other = { changes: [price92(before.prices[0].regularFen + 2)] };
    assert.equal((await push(body, {})).status, 401);
    assert.equal((await push(body, { 'x-station-token': token(body, STATION + 1) })).status, 401);
    assert.equal((await push(body, { 'x-station-token': token(body, STATION, 'cd'.repeat(32)) })).status, 401);
    assert.equal((await push(other, { 'x-station-token': token(body) })).status, 401, 'signed for another body');
    assert.equal((await push(body, { 'x-station-token': token(body, STATION, DEV_BACKOFFICE_MASTER_KEY, `/api/v1/backoffice/stations/${STATION}/inventory`) })).status, 401, 'signed for the inventory route');
    assert.equal((await detail()).prices[0].regularFen, before.prices[0].regularFen, 'nothing changed');
    const once = token(body);
    assert.equal((await push(body, { 'x-station-token': once })).status, 200);
    assert.equal((await push(body, { 'x-station-token': once })).status, 401, 'the same request again');
    assert.equal((await detail()).prices[0].regularFen, before.prices[0].regularFen + 1);
    // The service's log reaches us through a pipe, possibly after its answer did.
    for (const reason of ['replayed', 'bad_signature']) {
      await waitFor(() => platform.logs('map').some((line) => line.includes('back-office token refused') && line.includes(reason)), 5_000, `the refusal logged: ${reason}`);
    }
  });

  it('refuses zero, negative, member-above-regular and unconfirmed jumps with a clear error, changing nothing', async () => {
    const before = await detail();
    const regular = before.prices.find((p) => p.grade === '92')!.regularFen;
    const seqBefore = (await history()).at(-1)!.seq;
    const cases: Array<[unknown, number, string]> = [
      [{ changes: [price92(0)] }, 400, 'VALIDATION_FAILED'],
      [{ changes: [price92(-700)] }, 400, 'VALIDATION_FAILED'],
      [{ changes: [price92(regular, regular + 1)] }, 422, 'MEMBER_PRICE_ABOVE_REGULAR'],
      [{ changes: [price92(Math.round(regular * 1.2))] }, 422, 'PRICE_JUMP_UNCONFIRMED'],
    ];
    for (const [body, status, code] of cases) {
      const response = await push(body);
      assert.equal(response.status, status, JSON.stringify(body));
      const envelope = (await response.json()) as { error: { code: string; details: { fields: Array<{ field: string }> } } };
      assert.equal(envelope.error.code, code);
      assert.ok(envelope.error.details.fields.length > 0);
    }
    assert.deepEqual((await detail()).prices, before.prices);
    assert.equal((await history()).at(-1)!.seq, seqBefore);
  });

  it('accepts the same jump when it is confirmed', async () => {
    const regular = (await detail()).prices.find((p) => p.grade === '92')!.regularFen;
    const response = await push({ changes: [price92(Math.round(regular * 1.2))], confirm: true });
    assert.equal(response.status, 200);
  });

  itLeavesEverythingConsistent(() => platform);
});
