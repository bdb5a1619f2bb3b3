import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { MemoryHotStore } from '../hot/hot-store.js';
import { loadRpcIdentity, parseKeyring, rawPublicKey, RPC_SIGNATURE_MAX_SKEW_MS, signRpcMeta, verifyRpcMeta, type RpcIdentity } from './envelope-signature.js';
import { ReplayGuard } from './replay-guard.js';

function identity(name: string): RpcIdentity & { publicEntry: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { ...loadRpcIdentity(name, { RPC_PRIVATE_KEY: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() }), publicEntry: `${name}:${rawPublicKey(publicKey)}` };
}

const payment = identity('payment');
const gateway = identity('gateway');
const paymentNext = identity('payment');
const keyring = parseKeyring([payment.publicEntry, gateway.publicEntry]);
const data = { memberId: 7, amountFen: 100_000, kind: 'recharge' };
const meta = signRpcMeta(payment, 'user.wallet.credit', { requestId: 'req-00000001', actor: { kind: 'system', id: 'payment' } }, data, 1_000_000);

describe('RPC envelope signature: each process signs with its own key', () => {
  it('accepts the envelope it signed, within the time window, and names its caller, key and a nonce', () => {
    assert.deepEqual(verifyRpcMeta(keyring, 'user.wallet.credit', meta, JSON.parse(JSON.stringify(data)), 1_000_000 + RPC_SIGNATURE_MAX_SKEW_MS), { ok: true });
    assert.equal(meta.caller, 'payment');
    assert.equal(meta.kid, payment.kid);
    assert.notEqual(signRpcMeta(payment, 'p', { requestId: 'r' }, {}).nonce, signRpcMeta(payment, 'p', { requestId: 'r' }, {}).nonce);
  });

  it('refuses an unsigned envelope, an unknown caller or key, and any change to pattern, actor, caller, time, nonce or payload', () => {
    const check = (m: typeof meta | undefined, pattern = 'user.wallet.credit', payload: unknown = data) => verifyRpcMeta(keyring, pattern, m, payload, 1_000_000);
    assert.deepEqual(check(undefined), { ok: false, reason: 'unsigned' });
    assert.deepEqual(check({ requestId: 'req-00000001', actor: { kind: 'system', id: 'payment' } }), { ok: false, reason: 'unsigned' });
    assert.deepEqual(check({ ...meta, caller: 'map' }), { ok: false, reason: 'unknown-caller' });
    assert.deepEqual(check(signRpcMeta(paymentNext, 'user.wallet.credit', { requestId: 'r1' }, data, 1_000_000)), { ok: false, reason: 'unknown-caller' }, 'a key not listed');
    assert.deepEqual(check(meta, 'user.wallet.debit'), { ok: false, reason: 'bad-signature' });
    assert.deepEqual(check({ ...meta, actor: { kind: 'member', id: '1' } }), { ok: false, reason: 'bad-signature' });
    assert.deepEqual(check({ ...meta, ts: meta.ts! + 1 }), { ok: false, reason: 'bad-signature' });
    assert.deepEqual(check({ ...meta, nonce: 'another-nonce' }), { ok: false, reason: 'bad-signature' });
    assert.deepEqual(check(meta, 'user.wallet.credit', { ...data, amountFen: 100_001 }), { ok: false, reason: 'bad-signature' });
    assert.deepEqual(check({ ...meta, sig: 'AAAA' }), { ok: false, reason: 'bad-signature' });
  });

  it("refuses the gateway's key signing as the payment service", () => {
    const posing = signRpcMeta({ ...gateway, name: 'payment', kid: payment.kid }, 'user.wallet.credit', { requestId: 'r2', actor: { kind: 'system', id: 'payment' } }, data, 1_000_000);
    assert.deepEqual(verifyRpcMeta(keyring, 'user.wallet.credit', posing, data, 1_000_000), { ok: false, reason: 'bad-signature' });
  });

  it('refuses a system actor that is not the calling service, and the gateway acting as system', () => {
    const as = (signer: RpcIdentity, id: string) => signRpcMeta(signer, 'user.wallet.credit', { requestId: 'req-00000002', actor: { kind: 'system', id } }, data, 1_000_000);
    assert.deepEqual(verifyRpcMeta(keyring, 'user.wallet.credit', as(gateway, 'payment'), data, 1_000_000), { ok: false, reason: 'actor-not-caller' });
    assert.deepEqual(verifyRpcMeta(keyring, 'user.wallet.credit', as(gateway, 'gateway'), data, 1_000_000), { ok: false, reason: 'actor-not-caller' });
    assert.deepEqual(verifyRpcMeta(keyring, 'user.wallet.credit', as(payment, 'payment'), data, 1_000_000), { ok: true });
  });

  it('refuses a correctly signed envelope outside the time window', () => {
    assert.deepEqual(verifyRpcMeta(keyring, 'user.wallet.credit', meta, data, 1_000_000 + RPC_SIGNATURE_MAX_SKEW_MS + 1), { ok: false, reason: 'stale' });
  });

  it('rotates: with two keys listed for one process, envelopes signed with either verify', () => {
    const rotating = parseKeyring([payment.publicEntry, paymentNext.publicEntry]);
    for (const signer of [payment, paymentNext]) {
      const signed = signRpcMeta(signer, 'user.wallet.credit', { requestId: 'r3' }, data, 1_000_000);
      assert.deepEqual(verifyRpcMeta(rotating, 'user.wallet.credit', signed, data, 1_000_000), { ok: true });
    }
  });

  it('names a missing, unreadable or wrong-kind private key', () => {
    assert.throws(() => loadRpcIdentity('user', {}), /RPC_PRIVATE_KEY: this process signs its calls/);
    assert.throws(() => loadRpcIdentity('user', { RPC_PRIVATE_KEY_FILE: '/nonexistent/rpc.pem' }), /RPC_PRIVATE_KEY_FILE: cannot read/);
    assert.throws(() => loadRpcIdentity('user', { RPC_PRIVATE_KEY: 'not a key' }), /RPC_PRIVATE_KEY: must be a PKCS#8 PEM/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    assert.throws(() => loadRpcIdentity('user', { RPC_PRIVATE_KEY: rsa }), /must be an Ed25519 key/);
  });
});

describe('replay guard', () => {
  it('accepts an envelope once, forgets it after twice the window, and keeps callers apart', async () => {
    const guard = new ReplayGuard();
    assert.equal(await guard.firstSighting('payment', 'n1', 1_000_000, true), true);
    assert.equal(await guard.firstSighting('payment', 'n1', 1_000_001, true), false);
    assert.equal(await guard.firstSighting('order', 'n1', 1_000_001, true), true, 'another caller, another nonce space');
    assert.equal(await guard.firstSighting('payment', 'n1', 1_000_000 + 2 * RPC_SIGNATURE_MAX_SKEW_MS + 1, true), true, 'forgotten once the time check refuses it anyway');
  });

  it('leaves the in-process store alone (only Redis is shared between instances)', async () => {
    const store = new MemoryHotStore();
    const guard = new ReplayGuard(store);
    assert.equal(await guard.firstSighting('payment', 'n2', 1_000_000, true), true);
    assert.equal(await store.get('rpc-nonce:payment:n2'), null);
  });
});
