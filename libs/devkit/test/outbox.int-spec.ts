import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import {
  addOutboxEvent,
  createLogger,
  firstDelivery,
  openDataSource,
  Outbox1765000000000,
  OUTBOX_ENTITIES,
  OutboxEventEntity,
  OutboxRelay,
  RedisHotStore,
  type OutboxEvent,
  type OutboxHandler,
} from '@fuel/shared';
import { createThrowawayDatabase, TEST_REDIS_URL, uniqueRedisPrefix, type ThrowawayDatabase } from '../src/testing/index.js';

describe('transactional outbox against MariaDB and Redis', () => {
  let db: ThrowawayDatabase;
  let dataSource: DataSource;
  let hot: RedisHotStore;
  const logger = createLogger('outbox-test', 'silent');
  let clock = new Date('2026-11-29T08:00:00.000Z');
  const relay = (handlers: Record<string, OutboxHandler>, service = 'svc') =>
    new OutboxRelay({ service, dataSource, hotStore: hot, logger, handlers, backoff: { initialMs: 1000, maxMs: 8000 }, now: () => clock });
  const write = (aggregateId: string, n: number, topic = 'prices') => dataSource.transaction((m) => addOutboxEvent(m, { topic, aggregateId, payload: { aggregateId, n } }, clock));

  before(async () => {
    db = await createThrowawayDatabase('outbox');
    dataSource = await openDataSource({ service: 'outbox', DATABASE_URL: db.url, DATA_DIR: '.data/test', entities: OUTBOX_ENTITIES, migrations: [Outbox1765000000000] });
    hot = new RedisHotStore(TEST_REDIS_URL, uniqueRedisPrefix('outbox'));
  });

  after(async () => {
    await hot?.close();
    await dataSource?.destroy();
    await db?.drop();
  });

  beforeEach(async () => {
    await dataSource.getRepository(OutboxEventEntity).clear();
    clock = new Date('2026-11-29T08:00:00.000Z');
  });

  it('writes the event only when the change commits', async () => {
    await assert.rejects(
      dataSource.transaction(async (m) => {
        await addOutboxEvent(m, { topic: 'prices', aggregateId: 7, payload: { seq: 1 } }, clock);
        throw new Error('the change failed');
      }),
    );
    assert.equal(await dataSource.getRepository(OutboxEventEntity).count(), 0);
    await write('7', 1);
    assert.equal(await dataSource.getRepository(OutboxEventEntity).count(), 1);
  });

  it('publishes after commit in write order per aggregate, and once published never again', async () => {
    const seen: OutboxEvent[] = [];
    const r = relay({ prices: async (e) => void seen.push(e) });
    for (let n = 1; n <= 5; n++) await write(n % 2 ? 'a' : 'b', n);
    assert.equal(await r.runOnce(), 5);
    // In order per aggregate (different aggregates go side by side).
    const of = (aggregate: string) => seen.filter((e) => e.aggregateId === aggregate).map((e) => (e.payload as { n: number }).n);
    assert.deepEqual(of('a'), [1, 3, 5]);
    assert.deepEqual(of('b'), [2, 4]);
    assert.equal(await r.runOnce(), 0);
    assert.equal(seen.length, 5);
  });

  it('retries a failed publication with backoff while later events of that aggregate wait, and others go on', async () => {
    const seen: string[] = [];
    let failA = true;
    const r = relay({
      prices: async (e) => {
        const { aggregateId, n } = e.payload as { aggregateId: string; n: number };
        if (aggregateId === 'a' && failA) throw new Error('redis away');
        seen.push(`${aggregateId}${n}`);
      },
    });
    await write('a', 1);
    await write('b', 2);
    await write('a', 3);
    await write('b', 4);
    assert.equal(await r.runOnce(), 2);
    assert.deepEqual(seen, ['b2', 'b4'], 'a3 waits behind a1');
    const [a1] = await dataSource.getRepository(OutboxEventEntity).find({ where: { aggregateId: 'a' }, order: { id: 'ASC' } });
    assert.equal(a1.attempts, 1);
    assert.equal(a1.nextAttemptAt.getTime(), clock.getTime() + 1000);
    assert.match(a1.lastError ?? '', /redis away/);

    failA = false;
    assert.equal(await r.runOnce(), 0, 'not before the backoff has passed');
    clock = new Date(clock.getTime() + 1000);
    assert.equal(await r.runOnce(), 2);
    assert.deepEqual(seen, ['b2', 'b4', 'a1', 'a3'], 'a1 then a3, in order');
  });

  it('is not starved by a batch of events that keep failing: other aggregates go out, and an aggregate still waits for its own earlier events', async () => {
    const seen: string[] = [];
    const r = new OutboxRelay({ service: 'starve', dataSource, hotStore: hot, logger, batchSize: 5, backoff: { initialMs: 1000, maxMs: 8000 }, now: () => clock, handlers: {
      broken: async () => {
        throw new Error('consumer away');
      },
      prices: async (e) => void seen.push(`${e.aggregateId}${(e.payload as { n: number }).n}`),
    } });
    for (let n = 1; n <= 5; n++) await write(`x${n}`, n, 'broken');
    await write('a', 1, 'broken');
    await write('a', 2);
    await write('b', 3);
    assert.equal(await r.runOnce(), 0, 'the first batch is only failing events');
    assert.equal(await r.runOnce(), 1, 'the failing ones back off: the next batch reaches b');
    assert.deepEqual(seen, ['b3'], 'a2 waits behind a1, which is backing off');
  });

  it('backs off exponentially up to the bound', async () => {
    const r = relay({ prices: async () => Promise.reject(new Error('down')) });
    await write('a', 1);
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      await r.runOnce();
      const [row] = await dataSource.getRepository(OutboxEventEntity).find();
      delays.push(row.nextAttemptAt.getTime() - clock.getTime());
      clock = row.nextAttemptAt;
    }
    assert.deepEqual(delays, [1000, 2000, 4000, 8000, 8000]);
  });

  it('loses nothing when the process dies between commit and publication: the next relay publishes it', async () => {
    await write('7', 1);
    await write('7', 2);
    // (the writer "crashed" here: its relay never ran)
    const seen: number[] = [];
    const restarted = relay({ prices: async (e) => void seen.push((e.payload as { n: number }).n) });
    assert.equal(await restarted.runOnce(), 2);
    assert.deepEqual(seen, [1, 2]);
  });

  it('runs one relay of a service at a time', async () => {
    for (let n = 1; n <= 20; n++) await write(String(n % 3), n);
    const seen: number[] = [];
    const handler: OutboxHandler = async (e) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      seen.push((e.payload as { n: number }).n);
    };
    const counts = await Promise.all([relay({ prices: handler }).runOnce(), relay({ prices: handler }).runOnce(), relay({ prices: handler }).runOnce()]);
    const more = await relay({ prices: handler }).runOnce();
    assert.equal(counts.reduce((a, b) => a + b, 0) + more, 20);
    assert.equal(seen.length, 20, 'each event published once, none twice');
    assert.equal(new Set(seen).size, 20);
  });

  it('kicks coalesce: many kicks during a run publish everything without overlapping runs', async () => {
    const seen: number[] = [];
    const r = relay({ prices: async (e) => void seen.push((e.payload as { n: number }).n) });
    const kicks: Array<Promise<number>> = [];
    for (let n = 1; n <= 10; n++) {
      await write('k', n);
      kicks.push(r.kick());
    }
    await Promise.all(kicks);
    await r.kick();
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('lets a consumer apply an event once, however often it is delivered', async () => {
    const event = { eventId: '3f1c6c2e-1111-4a4a-9c9c-000000000001', topic: 'payments.succeeded' };
    const results = await Promise.all(Array.from({ length: 5 }, () => dataSource.transaction((m) => firstDelivery(m, event, clock))));
    assert.equal(results.filter(Boolean).length, 1);
  });
});
