import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import smCrypto from 'sm-crypto';
import { FieldCipher, FieldDecryptionError, hmacSm3Hex, sm3Hex, sm4EncryptBlockHex } from './field-cipher.js';

const K1 = { kid: 'k1', encryptionKeyHex: 'ffeeddccbbaa99887766554433221100', macKeyHex: '33'.repeat(32) };
const K2 = { kid: 'k2', encryptionKeyHex: '00112233445566778899aabbccddeeff', macKeyHex: '11'.repeat(32) };
const cipher = new FieldCipher({ sealing: [K2, K1], index: [{ kid: 'i2', keyHex: '22'.repeat(32) }, { kid: 'i1', keyHex: '44'.repeat(32) }] });
const phoneOf = (rowKey: number | string) => ({ table: 'members', column: 'phone_enc', rowKey });

describe('SM4/SM3 standard vectors', () => {
  it('SM4 encrypts the GB/T 32907 example block', () => {
    const k = '0123456789abcdeffedcba9876543210';
    assert.equal(sm4EncryptBlockHex(k, k), '681edf34d206965e86b3e94f536e4246');
  });

  it('SM3 hashes "abc" to the GB/T 32905 digest', () => {
    assert.equal(sm3Hex('abc'), '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('HMAC-SM3 depends on the key', () => {
    assert.notEqual(hmacSm3Hex('01'.repeat(32), 'abc'), hmacSm3Hex('02'.repeat(32), 'abc'));
    assert.equal(hmacSm3Hex('01'.repeat(32), 'abc'), hmacSm3Hex('01'.repeat(32), 'abc'));
  });
});

describe('FieldCipher', () => {
  it('round-trips UTF-8 text and uses a fresh IV each time', () => {
    const a = cipher.seal(phoneOf(7), '13800138000 张三');
    const b = cipher.seal(phoneOf(7), '13800138000 张三');
    assert.notEqual(a, b);
    assert.match(a, /^sm4v2:k2:/);
    assert.equal(cipher.open(phoneOf(7), a), '13800138000 张三');
    assert.equal(cipher.open(phoneOf(7), cipher.seal(phoneOf(7), '')), '');
  });

  it('binds the place: a value moved to another row, column or table does not open there', () => {
    const stored = cipher.seal(phoneOf(7), '13800138000');
    for (const elsewhere of [phoneOf(8), phoneOf(70), { ...phoneOf(7), column: 'session_key_enc' }, { ...phoneOf(7), table: 'staff' }]) {
      assert.throws(() => cipher.open(elsewhere, stored), FieldDecryptionError, JSON.stringify(elsewhere));
    }
    assert.equal(cipher.open(phoneOf('7'), stored), '13800138000', 'the row key as the database returns it (a string) is the same place');
  });

  it('opens values sealed under an older key id after rotation, and tells them from current ones', () => {
    const old = new FieldCipher({ sealing: [K1], index: [{ kid: 'i1', keyHex: '44'.repeat(32) }] });
    const stored = old.seal(phoneOf(7), '13900000000');
    assert.equal(cipher.open(phoneOf(7), stored), '13900000000');
    assert.deepEqual(FieldCipher.formOf(stored), { kid: 'k1', bound: true });
    assert.equal(cipher.isCurrent(stored), false);
    assert.equal(cipher.isCurrent(cipher.seal(phoneOf(7), '13900000000')), true);
    assert.throws(() => old.open(phoneOf(7), cipher.seal(phoneOf(7), '13900000000')), FieldDecryptionError, 'a key id the reader does not hold');
  });

  it('still opens the first, unbound form (so rekey can move it) and never counts it current', () => {
    const iv = Buffer.alloc(16, 9);
    const body = Buffer.from(smCrypto.sm4.encrypt(Array.from(Buffer.from('13700000000')), K1.encryptionKeyHex, { mode: 'cbc', iv: iv.toString('hex'), output: 'array' }) as number[]);
    const tag = Buffer.from(hmacSm3Hex(K1.macKeyHex, Buffer.concat([Buffer.from('k1:'), iv, body])), 'hex');
    const unbound = `sm4:k1:${Buffer.concat([iv, body, tag]).toString('base64')}`;
    assert.equal(cipher.open(phoneOf(1), unbound), '13700000000');
    assert.deepEqual(FieldCipher.formOf(unbound), { kid: 'k1', bound: false });
    assert.equal(cipher.isCurrent(unbound), false);
  });

  it('rejects a tampered ciphertext, tag or key id with one generic error', () => {
    const stored = cipher.seal(phoneOf(7), '13800138000');
    const [scheme, kid, payload] = stored.split(':') as [string, string, string];
    const bytes = Buffer.from(payload, 'base64');
    for (const index of [0, 20, bytes.length - 1]) {
      const tampered = Buffer.from(bytes);
      tampered[index]! ^= 0x01;
      assert.throws(() => cipher.open(phoneOf(7), `${scheme}:${kid}:${tampered.toString('base64')}`), (error: unknown) => {
        assert.ok(error instanceof FieldDecryptionError);
        assert.equal((error as Error).message, 'encrypted field could not be read');
        return true;
      });
    }
    assert.throws(() => cipher.open(phoneOf(7), `${scheme}:k1:${payload}`), FieldDecryptionError);
    assert.throws(() => cipher.open(phoneOf(7), `sm4:${kid}:${payload}`), FieldDecryptionError, 'a bound value presented as unbound');
    assert.throws(() => cipher.open(phoneOf(7), 'plain text'), FieldDecryptionError);
  });

  it('reads its keys from the environment, each encryption key with the MAC key of its id', () => {
    const env = { FIELD_ENCRYPTION_KEYS: `k2:${K2.encryptionKeyHex},k1:${K1.encryptionKeyHex}`, FIELD_MAC_KEYS: `k1:${K1.macKeyHex},k2:${K2.macKeyHex}`, FIELD_INDEX_KEYS: `i2:${'22'.repeat(32)}` };
    const fromEnv = FieldCipher.fromEnv(env);
    assert.equal(fromEnv.currentKid, 'k2');
    assert.equal(cipher.open(phoneOf(3), fromEnv.seal(phoneOf(3), 'x')), 'x');
    assert.throws(() => FieldCipher.fromEnv({ ...env, FIELD_MAC_KEYS: `k2:${K2.macKeyHex}` }), /FIELD_MAC_KEYS: no MAC key for key id k1/);
  });

  it('gives a stable blind index under the current key, and one candidate per listed key for lookups', () => {
    assert.equal(cipher.blindIndex('13800138000'), cipher.blindIndex('13800138000'));
    assert.notEqual(cipher.blindIndex('13800138000'), cipher.blindIndex('13800138001'));
    assert.match(cipher.blindIndex('13800138000'), /^[0-9a-f]{64}$/);
    const candidates = cipher.blindIndexCandidates('13800138000');
    assert.equal(candidates.length, 2);
    assert.equal(candidates[0], cipher.blindIndex('13800138000'));
    assert.equal(candidates[1], hmacSm3Hex('44'.repeat(32), '13800138000'));
  });
});
