/**
 * Encryption of sensitive fields at rest (MLPS level 2): SM4-CBC with a random IV, authenticated by an
 * HMAC-SM3 tag over key id, IV and ciphertext (SM4-CBC alone is malleable). Keys carry an id so they can be
 * rotated: new values use the first key, old values still decrypt with theirs.
 *
 * Stored form: `sm4:<kid>:<base64(iv ‖ ciphertext ‖ tag)>`.
 * Equality lookups (e.g. find a member by phone) use a blind index: HMAC-SM3 under a separate key.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import smCrypto from 'sm-crypto';
import type { ValueTransformer } from 'typeorm';

const { sm3, sm4 } = smCrypto;

export interface FieldKeys {
  /** key id → 16-byte SM4 key as 32 hex characters; the first entry encrypts. */
  encryption: Array<{ kid: string; keyHex: string }>;
  /** 32-byte key (hex) for the HMAC-SM3 tag. */
  macKeyHex: string;
  /** 32-byte key (hex) for the blind index. */
  indexKeyHex: string;
}

/** Raised for any undecryptable value; deliberately says nothing about why. */
export class FieldDecryptionError extends Error {
  constructor() {
    super('encrypted field could not be read');
    this.name = 'FieldDecryptionError';
  }
}

export function sm3Hex(input: string | Uint8Array): string {
  return sm3(typeof input === 'string' ? input : Array.from(input));
}

export function hmacSm3Hex(keyHex: string, input: string | Uint8Array): string {
  return sm3(typeof input === 'string' ? input : Array.from(input), { key: keyHex });
}

/** Raw SM4 block operation (ECB, no padding) for standard test vectors. */
export function sm4EncryptBlockHex(plainHex: string, keyHex: string): string {
  return sm4.encrypt(Array.from(Buffer.from(plainHex, 'hex')), keyHex, { padding: 'none' }) as string;
}

const TAG_BYTES = 32;
const IV_BYTES = 16;

export class FieldCipher {
  private readonly keys: Map<string, string>;
  private readonly activeKid: string;

  constructor(private readonly config: FieldKeys) {
    if (config.encryption.length === 0) throw new Error('at least one field encryption key is required');
    this.keys = new Map(config.encryption.map((k) => [k.kid, k.keyHex.toLowerCase()]));
    this.activeKid = config.encryption[0].kid;
  }

  /** Parses FIELD_ENCRYPTION_KEYS / FIELD_MAC_KEY / FIELD_INDEX_KEY values. */
  static fromEnv(env: { FIELD_ENCRYPTION_KEYS: string; FIELD_MAC_KEY: string; FIELD_INDEX_KEY: string }): FieldCipher {
    return new FieldCipher({
      encryption: env.FIELD_ENCRYPTION_KEYS.split(',').map((pair) => {
        const [kid, keyHex] = pair.split(':');
        return { kid, keyHex };
      }),
      macKeyHex: env.FIELD_MAC_KEY,
      indexKeyHex: env.FIELD_INDEX_KEY,
    });
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = Buffer.from(
      sm4.encrypt(Array.from(Buffer.from(plaintext, 'utf8')), this.keys.get(this.activeKid)!, {
        mode: 'cbc',
        iv: iv.toString('hex'),
        output: 'array',
      }) as number[],
    );
    const tag = this.tag(this.activeKid, iv, cipher);
    return `sm4:${this.activeKid}:${Buffer.concat([iv, cipher, tag]).toString('base64')}`;
  }

  decrypt(stored: string): string {
    const [scheme, kid, payload, ...rest] = stored.split(':');
    const key = this.keys.get(kid);
    if (scheme !== 'sm4' || !key || payload === undefined || rest.length > 0) throw new FieldDecryptionError();
    const bytes = Buffer.from(payload, 'base64');
    if (bytes.length < IV_BYTES + 16 + TAG_BYTES || (bytes.length - IV_BYTES - TAG_BYTES) % 16 !== 0) {
      throw new FieldDecryptionError();
    }
    const iv = bytes.subarray(0, IV_BYTES);
    const cipher = bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES);
    const tag = bytes.subarray(bytes.length - TAG_BYTES);
    if (!timingSafeEqual(tag, this.tag(kid, iv, cipher))) throw new FieldDecryptionError();
    try {
      const plain = sm4.decrypt(Array.from(cipher), key, { mode: 'cbc', iv: iv.toString('hex'), output: 'array' });
      return Buffer.from(plain as number[]).toString('utf8');
    } catch {
      // sm-crypto's own padding message must never reach a caller.
      throw new FieldDecryptionError();
    }
  }

  /** Deterministic keyed digest for equality lookups; normalise the value (trim, case) before calling. */
  blindIndex(value: string): string {
    return hmacSm3Hex(this.config.indexKeyHex, value);
  }

  private tag(kid: string, iv: Buffer, cipher: Buffer): Buffer {
    const message = Buffer.concat([Buffer.from(`${kid}:`, 'utf8'), iv, cipher]);
    return Buffer.from(hmacSm3Hex(this.config.macKeyHex, message), 'hex');
  }
}

/**
 * TypeORM column transformer. Entities are declared before configuration is read, so the cipher is looked
 * up when a value is written or read; `useFieldCipher` installs it at start.
 */
let installedCipher: FieldCipher | undefined;

export function useFieldCipher(cipher: FieldCipher): void {
  installedCipher = cipher;
}

function requireCipher(): FieldCipher {
  if (!installedCipher) throw new Error('field cipher not configured (call useFieldCipher at start)');
  return installedCipher;
}

export const encryptedColumn: ValueTransformer = {
  to: (value: string | null | undefined) => (value == null ? value : requireCipher().encrypt(value)),
  from: (value: string | null) => (value == null ? value : requireCipher().decrypt(value)),
};
