import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryHotStore } from './hot-store.js';

describe('MemoryHotStore (embedded default)', () => {
  it('expires values after their time to live', async () => {
    let now = 0;
    const store = new MemoryHotStore(() => now);
    await store.set('k', 'v', 10);
    now = 9_999;
    assert.equal(await store.get('k'), 'v');
    now = 10_000;
    assert.equal(await store.get('k'), null);
  });

  it('counts within a window that starts at the first increment', async () => {
    let now = 0;
    const store = new MemoryHotStore(() => now);
    assert.equal(await store.increment('c', 60), 1);
    now = 30_000;
    assert.equal(await store.increment('c', 60), 2);
    now = 60_000;
    assert.equal(await store.increment('c', 60), 1);
  });

  it('lets only the first setIfAbsent win', async () => {
    const store = new MemoryHotStore();
    assert.equal(await store.setIfAbsent('once', 'a', 60), true);
    assert.equal(await store.setIfAbsent('once', 'b', 60), false);
    assert.equal(await store.get('once'), 'a');
  });

  it('delivers published messages to subscribers until they unsubscribe', async () => {
    const store = new MemoryHotStore();
    const got: string[] = [];
    const off = await store.subscribe('ch', (m) => got.push(m));
    await store.publish('ch', '1');
    await new Promise((r) => setTimeout(r, 0));
    await off();
    await store.publish('ch', '2');
    await new Promise((r) => setTimeout(r, 0));
    assert.deepEqual(got, ['1']);
  });
});
