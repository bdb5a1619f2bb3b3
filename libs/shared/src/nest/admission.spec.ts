import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AdmissionGate } from './admission.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('AdmissionGate', () => {
  it('admits up to its limit at once, hands a freed place to the longest waiter, and refuses who waited too long', async () => {
    const gate = new AdmissionGate(2, 200);
    const first = await gate.enter();
    assert.ok(first && (await gate.enter()));
    const order: string[] = [];
    const third = gate.enter().then((release) => (order.push('third'), release));
    const fourth = gate.enter().then((release) => (order.push('fourth'), release));
    await tick(20);
    assert.deepEqual(order, [], 'both wait while two run');
    first();
    first(); // a second release of the same place frees nothing more
    assert.ok(await third);
    await tick(20);
    assert.deepEqual(order, ['third'], 'first come, first served; one freed place admits one');
    assert.equal(await fourth, undefined, 'no place within the queue time: refused');
  });

  it('refuses at once with no queue time, and admits again once a place is free', async () => {
    const gate = new AdmissionGate(1, 0);
    const release = (await gate.enter())!;
    assert.equal(await gate.enter(), undefined);
    release();
    assert.ok(await gate.enter());
  });
});
