import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FieldCipher, FieldDecryptionError, hmacSm3Hex, sm3Hex, sm4EncryptBlockHex } from './field-cipher.js';

const cipher = new FieldCipher({
  encryption: [
    { kid: 'k2', keyHex: '00112233445566778899aabbccddeeff' },
    { kid: 'k1', keyHex: 'ffeeddccbbaa99887766554433221100' },
  ],
  macKeyHex: '11'.repeat(32),
  indexKeyHex: '22'.repeat(32),
});

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
    const a = cipher.encrypt('13800138000 张三');
    const b = cipher.encrypt('13800138000 张三');
    assert.notEqual(a, b);
    assert.match(a, /^sm4:k2:/);
    assert.equal(cipher.decrypt(a), '13800138000 张三');
    assert.equal(cipher.decrypt(cipher.encrypt('')), '');
  });

  it('decrypts values written under an older key id after rotation', () => {
    const old = new FieldCipher({
      encryption: [{ kid: 'k1', keyHex: 'ffeeddccbbaa99887766554433221100' }],
      macKeyHex: '11'.repeat(32),
      indexKeyHex: '22'.repeat(32),
    });
    assert.equal(cipher.decrypt(old.encrypt('13900000000')), '13900000000');
  });

  it('rejects a tampered ciphertext, tag or key id with one generic error', () => {
    const stored = cipher.encrypt('13800138000');
    const [scheme, kid, payload] = stored.split(':');
    const bytes = Buffer.from(payload, 'base64');
    for (const index of [0, 20, bytes.length - 1]) {
      const tampered = Buffer.from(bytes);
      tampered[index] ^= 0x01;
      assert.throws(() => cipher.decrypt(`${scheme}:${kid}:${tampered.toString('base64')}`), (error: unknown) => {
        assert.ok(error instanceof FieldDecryptionError);
        assert.equal((error as Error).message, 'encrypted field could not be read');
        return true;
      });
    }
    assert.throws(() => cipher.decrypt(`${scheme}:k1:${payload}`), FieldDecryptionError);
    assert.throws(() => cipher.decrypt('plain text'), FieldDecryptionError);
  });

  it('gives a stable blind index that differs from the plaintext', () => {
    assert.equal(cipher.blindIndex('13800138000'), cipher.blindIndex('13800138000'));
    assert.notEqual(cipher.blindIndex('13800138000'), cipher.blindIndex('13800138001'));
    assert.match(cipher.blindIndex('13800138000'), /^[0-9a-f]{64}$/);
  });
});
