import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signRpcMeta, verifyRpcMeta, RPC_SIGNATURE_MAX_SKEW_MS } from './envelope-signature.js';

const KEY = 'a'.repeat(64);
const OTHER_KEY = 'b'.repeat(64);
const data = { memberId: 7, amountFen: 100_000, kind: 'recharge' };
const meta = signRpcMeta(KEY, 'user.wallet.credit', { requestId: 'req-00000001', actor: { kind: 'system', id: 'payment' }, caller: 'payment' }, data, 1_000_000);

describe('RPC envelope signature', () => {
  it('accepts the envelope it signed, within the time window', () => {
    assert.deepEqual(verifyRpcMeta(KEY, 'user.wallet.credit', meta, JSON.parse(JSON.stringify(data)), 1_000_000 + RPC_SIGNATURE_MAX_SKEW_MS), { ok: true });
  });

  it('refuses an unsigned envelope, another key, and any change to pattern, actor, caller, time or payload', () => {
    const check = (m: typeof meta | undefined, pattern = 'user.wallet.credit', payload: unknown = data, key = KEY) => verifyRpcMeta(key, pattern, m, payload, 1_000_000);
    assert.deepEqual(check(undefined), { ok: false, reason: 'unsigned' });
    assert.deepEqual(check({ requestId: 'req-00000001', actor: { kind: 'system', id: 'payment' } }), { ok: false, reason: 'unsigned' });
    assert.deepEqual(check(meta, 'user.wallet.credit', data, OTHER_KEY), { ok: false, reason: 'bad-signature' });
    assert.deepEqual(check(meta, 'user.wallet.debit'), { ok: false, reason: 'bad-signature' });
    assert.deepEqual(check({ ...meta, actor: { kind: 'member', id: '1' } }), { ok: false, reason: 'bad-signature' });
    assert.deepEqual(check({ ...meta, caller: 'gateway' }), { ok: false, reason: 'bad-signature' });
    assert.deepEqual(check({ ...meta, ts: meta.ts! + 1 }), { ok: false, reason: 'bad-signature' });
    assert.deepEqual(check(meta, 'user.wallet.credit', { ...data, amountFen: 100_001 }), { ok: false, reason: 'bad-signature' });
    assert.deepEqual(check({ ...meta, sig: 'AAAA' }), { ok: false, reason: 'bad-signature' });
  });

  it('refuses a system actor that is not the calling service, and the gateway acting as system', () => {
    const as = (caller: string, id: string) => signRpcMeta(KEY, 'user.wallet.credit', { requestId: 'req-00000002', actor: { kind: 'system', id }, caller }, data, 1_000_000);
    assert.deepEqual(verifyRpcMeta(KEY, 'user.wallet.credit', as('gateway', 'payment'), data, 1_000_000), { ok: false, reason: 'actor-not-caller' });
    assert.deepEqual(verifyRpcMeta(KEY, 'user.wallet.credit', as('gateway', 'gateway'), data, 1_000_000), { ok: false, reason: 'actor-not-caller' });
    assert.deepEqual(verifyRpcMeta(KEY, 'user.wallet.credit', as('payment', 'payment'), data, 1_000_000), { ok: true });
  });

  it('refuses a correctly signed envelope outside the time window (a replay)', () => {
    assert.deepEqual(verifyRpcMeta(KEY, 'user.wallet.credit', meta, data, 1_000_000 + RPC_SIGNATURE_MAX_SKEW_MS + 1), { ok: false, reason: 'stale' });
  });
});
