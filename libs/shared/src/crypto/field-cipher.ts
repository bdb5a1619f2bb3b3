/**
 * Encryption of sensitive fields at rest (MLPS level 2): SM4-CBC with a random IV, authenticated by an HMAC-SM3 tag
 * (SM4-CBC alone is malleable). The tag also covers where the value lives — table, column and the row's key — so a
 * value copied to another row or column does not open there: a database writer cannot swap two members' phones.
 *
 * Keys carry ids so they rotate: each id names an SM4 key and its MAC key (FIELD_ENCRYPTION_KEYS, FIELD_MAC_KEYS);
 * the first id seals, every listed id still opens. `npm run rekey` moves every value to the first id.
 *
 * Stored form: `sm4v2:<kid>:<base64(iv ‖ ciphertext ‖ tag)>`. The first form, `sm4:<kid>:…`, had no place in its tag;
 * it still opens (so data written before can be rekeyed) and `verify` reports it until `rekey` has rewritten it.
 *
 * Equality lookups (find a member by phone) use a blind index: HMAC-SM3 under an index key, which rotates too
 * (FIELD_INDEX_KEYS): lookups try every listed key, and `rekey` recomputes every index under the first.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import smCrypto from 'sm-crypto';

const { sm3, sm4 } = smCrypto;

/** Where a sealed value lives; its tag covers all three. */
export interface FieldPlace {
  table: string;
  column: string;
  rowKey: string | number;
}

export interface FieldKeys {
  /** Key id → 16-byte SM4 key and 32-byte HMAC-SM3 key (hex); the first id seals. */
  sealing: Array<{ kid: string; encryptionKeyHex: string; macKeyHex: string }>;
  /** Key id → 32-byte blind-index key (hex); the first id indexes. */
  index: Array<{ kid: string; keyHex: string }>;
}

/** The key variables as configured: "kid:hex[,kid:hex…]", newest first. */
export interface FieldKeyEnv {
  FIELD_ENCRYPTION_KEYS: string;
  FIELD_MAC_KEYS: string;
  FIELD_INDEX_KEYS: string;
}

/** Raised for any value that does not open at its place; deliberately says nothing about why. */
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
const SCHEME = 'sm4v2';
const UNBOUND_SCHEME = 'sm4';

function keyList(value: string): Array<{ kid: string; keyHex: string }> {
  return value.split(',').map((pair) => {
    const [kid, keyHex] = pair.split(':');
    return { kid: kid!, keyHex: keyHex!.toLowerCase() };
  });
}

/** What a stored value says of itself: its key id, and whether its tag binds its place. */
export interface SealedForm {
  kid: string;
  bound: boolean;
}

export class FieldCipher {
  private readonly sealing: Map<string, { encryptionKeyHex: string; macKeyHex: string }>;
  private readonly activeKid: string;
  private readonly indexKeys: string[];

  constructor(keys: FieldKeys) {
    if (keys.sealing.length === 0) throw new Error('FIELD_ENCRYPTION_KEYS: at least one key is required');
    if (keys.index.length === 0) throw new Error('FIELD_INDEX_KEYS: at least one key is required');
    this.sealing = new Map(keys.sealing.map((k) => [k.kid, { encryptionKeyHex: k.encryptionKeyHex.toLowerCase(), macKeyHex: k.macKeyHex.toLowerCase() }]));
    this.activeKid = keys.sealing[0]!.kid;
    this.indexKeys = keys.index.map((k) => k.keyHex.toLowerCase());
  }

  /** Parses the key variables; every encryption key id needs a MAC key of the same id. */
  static fromEnv(env: FieldKeyEnv): FieldCipher {
    const macKeys = new Map(keyList(env.FIELD_MAC_KEYS).map((k) => [k.kid, k.keyHex]));
    return new FieldCipher({
      sealing: keyList(env.FIELD_ENCRYPTION_KEYS).map(({ kid, keyHex }) => {
        const macKeyHex = macKeys.get(kid);
        if (!macKeyHex) throw new Error(`FIELD_MAC_KEYS: no MAC key for key id ${kid} of FIELD_ENCRYPTION_KEYS`);
        return { kid, encryptionKeyHex: keyHex, macKeyHex };
      }),
      index: keyList(env.FIELD_INDEX_KEYS),
    });
  }

  /** The key id new values are sealed under. */
  get currentKid(): string {
    return this.activeKid;
  }

  /** The current key id's MAC key: for another secret derived from it in this process (the 会员码's). */
  get currentMacKeyHex(): string {
    return this.sealing.get(this.activeKid)!.macKeyHex;
  }

  seal(place: FieldPlace, plaintext: string): string {
    const keys = this.sealing.get(this.activeKid)!;
    const iv = randomBytes(IV_BYTES);
    const cipher = Buffer.from(
      sm4.encrypt(Array.from(Buffer.from(plaintext, 'utf8')), keys.encryptionKeyHex, { mode: 'cbc', iv: iv.toString('hex'), output: 'array' }) as number[],
    );
    const tag = this.tag(keys.macKeyHex, this.activeKid, place, iv, cipher);
    return `${SCHEME}:${this.activeKid}:${Buffer.concat([iv, cipher, tag]).toString('base64')}`;
  }

  open(place: FieldPlace, stored: string): string {
    const [scheme, kid, payload, ...rest] = stored.split(':');
    const keys = kid === undefined ? undefined : this.sealing.get(kid);
    if ((scheme !== SCHEME && scheme !== UNBOUND_SCHEME) || !keys || payload === undefined || rest.length > 0) throw new FieldDecryptionError();
    const bytes = Buffer.from(payload, 'base64');
    if (bytes.length < IV_BYTES + 16 + TAG_BYTES || (bytes.length - IV_BYTES - TAG_BYTES) % 16 !== 0) throw new FieldDecryptionError();
    const iv = bytes.subarray(0, IV_BYTES);
    const cipher = bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES);
    const tag = bytes.subarray(bytes.length - TAG_BYTES);
    if (!timingSafeEqual(tag, this.tag(keys.macKeyHex, kid!, scheme === SCHEME ? place : undefined, iv, cipher))) throw new FieldDecryptionError();
    try {
      const plain = sm4.decrypt(Array.from(cipher), keys.encryptionKeyHex, { mode: 'cbc', iv: iv.toString('hex'), output: 'array' });
      return Buffer.from(plain as number[]).toString('utf8');
    } catch {
      // sm-crypto's own padding message must never reach a caller.
      throw new FieldDecryptionError();
    }
  }

  /** Key id and form of a stored value, without opening it; undefined when it is not a sealed value at all. */
  static formOf(stored: string): SealedForm | undefined {
    const [scheme, kid] = stored.split(':');
    if (!kid || (scheme !== SCHEME && scheme !== UNBOUND_SCHEME)) return undefined;
    return { kid, bound: scheme === SCHEME };
  }

  /** Whether a stored value is sealed the way new values are: bound to its place, under the current key. */
  isCurrent(stored: string): boolean {
    const form = FieldCipher.formOf(stored);
    return form !== undefined && form.bound && form.kid === this.activeKid;
  }

  /** Deterministic keyed digest under the current index key; normalise the value (trim, case) before calling. */
  blindIndex(value: string): string {
    return hmacSm3Hex(this.indexKeys[0]!, value);
  }

  /** The digest under every listed index key: what a lookup matches while `rekey` moves indexes to the current key. */
  blindIndexCandidates(value: string): string[] {
    return this.indexKeys.map((key) => hmacSm3Hex(key, value));
  }

  /**
   * HMAC-SM3 over the place (as JSON, so no two places share an encoding), key id, IV and ciphertext. The first,
   * unbound form covered key id, IV and ciphertext only.
   */
  private tag(macKeyHex: string, kid: string, place: FieldPlace | undefined, iv: Buffer, cipher: Buffer): Buffer {
    const header = place ? JSON.stringify([SCHEME, kid, place.table, place.column, String(place.rowKey)]) : `${kid}:`;
    return Buffer.from(hmacSm3Hex(macKeyHex, Buffer.concat([Buffer.from(header, 'utf8'), iv, cipher])), 'hex');
  }
}
