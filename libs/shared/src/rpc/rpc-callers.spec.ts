import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import * as shared from '../index.js';
import { callersOf, RPC_CALLERS, rpcCallersMarkdown } from './rpc-callers.js';

/** Every contract the runtime library declares, by pattern. */
function declaredPatterns(): string[] {
  const patterns = new Set<string>();
  for (const [name, value] of Object.entries(shared)) {
    if (!/Contracts$/.test(name) || typeof value !== 'object' || value === null) continue;
    for (const contract of Object.values(value)) if (typeof (contract as { pattern?: unknown }).pattern === 'string') patterns.add((contract as { pattern: string }).pattern);
  }
  return [...patterns].sort();
}

describe('who may call what', () => {
  it('lists the callers of every contract, and nothing that is not one', () => {
    const declared = declaredPatterns();
    assert.ok(declared.length > 80, `${declared.length} contracts`);
    assert.deepEqual(Object.keys(RPC_CALLERS).sort(), declared);
  });

  it('lets the gateway ask every service for its health, and nobody move a test clock', () => {
    assert.deepEqual(callersOf('payment.health'), ['gateway']);
    assert.deepEqual(callersOf('user.test-clock.set'), []);
    assert.equal(callersOf('user.no-such-thing'), undefined);
  });

  it('keeps money and coupons to the services that need them', () => {
    assert.deepEqual(callersOf('user.wallet.credit'), ['payment']);
    assert.deepEqual(callersOf('user.wallet.debit'), ['payment']);
    assert.deepEqual(callersOf('user.coupons.lock'), ['order']);
    assert.deepEqual(callersOf('user.coupons.consume'), ['payment']);
    assert.deepEqual(callersOf('order.payments.paid'), ['payment']);
  });

  it('is what README "Who may call what" shows (regenerate with `node scripts/rpc-callers.mjs`)', () => {
    const readme = readFileSync(new URL('../../../../../README.md', import.meta.url), 'utf8');
    const block = /<!-- rpc-callers:start -->\n([\s\S]*?)\n<!-- rpc-callers:end -->/.exec(readme)?.[1];
    assert.equal(block, rpcCallersMarkdown());
  });
});
