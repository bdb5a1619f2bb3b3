import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { RedisHotStore } from '@fuel/shared';
import { TEST_REDIS_URL, uniqueRedisPrefix } from '../src/testing/index.js';

describe('RedisHotStore against a real Redis', () => {
  const prefix = uniqueRedisPrefix('hot');
  const a = new RedisHotStore(TEST_REDIS_URL, prefix);
  const b = new RedisHotStore(TEST_REDIS_URL, prefix);

  after(async () => {
    const keys = await a.redis.keys(`${prefix}*`);
    if (keys.length) await a.redis.del(...keys);
    await a.close();
    await b.close();
  });

  it('stores values under its prefix with a time to live', async () => {
    await a.set('k', 'v', 60);
    assert.equal(await b.get('k'), 'v');
    const ttl = await a.redis.ttl(`${prefix}k`);
    assert.ok(ttl > 0 && ttl <= 60);
    await a.del('k');
    assert.equal(await a.get('k'), null);
  });

  it('lets exactly one of many concurrent callers take a once-only key', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).setIfAbsent('once', String(i), 60)));
    assert.equal(results.filter(Boolean).length, 1);
  });

  it('releases a lock only for its owner, atomically', async () => {
    assert.equal(await a.setIfAbsent('lock', 'owner-1', 30), true);
    assert.equal(await a.delIfEquals('lock', 'owner-2'), false);
    assert.equal(await a.get('lock'), 'owner-1');
    assert.equal(await a.delIfEquals('lock', 'owner-1'), true);
    assert.equal(await a.get('lock'), null);
  });

  it('delivers published messages to subscribers of another connection, and stops after unsubscribe', async () => {
    const received: string[] = [];
    const unsubscribe = await b.subscribe('prices', (m) => received.push(m));
    await a.publish('prices', 'one');
    await waitFor(() => received.length === 1);
    await unsubscribe();
    await a.publish('prices', 'two');
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(received, ['one']);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
