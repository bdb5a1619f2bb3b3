/**
 * Every RPC envelope is signed by the process that sends it, with that process's own Ed25519 key: the gateway and
 * each service hold one private key (RPC_PRIVATE_KEY or RPC_PRIVATE_KEY_FILE), and every process knows everyone's
 * public keys (RPC_PUBLIC_KEYS). The signature covers the pattern, request id, calling process, time, a nonce, the
 * actor, the client's address and a hash of the payload; a receiver verifies it with the caller's own public key,
 * so holding one process's key (the internet-facing gateway's, say) is not enough to speak as another. A service
 * acts as the `system` actor only under its own name, and the gateway never does. Replays are refused by the nonce
 * (rpc/replay-guard.ts) within the ±60 s window the time check leaves; which process may call which pattern is
 * rpc/rpc-callers.ts.
 *
 * Rotation: a process may have two public keys listed at once; the envelope names the key it was signed with
 * (`kid`, derived from the public key), so the old and the new key both verify while the new private key rolls out.
 */
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Actor } from '../context/request-context.js';
import { realTime } from '../time/clock.js';
import { ConfigError } from '../config/config-error.js';

/** The principal that tests sign as outside production: a harness, refused when NODE_ENV=production. */
export const TEST_HARNESS_CALLER = 'e2e';

const publicKeyEntry = /^[a-z][a-z0-9-]*:[A-Za-z0-9_-]{43}$/;

/** What a process that calls others needs: its own key. */
export const rpcSigningEnvShape = {
  /** This process's Ed25519 private key (PKCS#8 PEM); or RPC_PRIVATE_KEY_FILE, a file holding it. */
  RPC_PRIVATE_KEY: z.string().optional().transform((v) => (v === '' ? undefined : v)),
  RPC_PRIVATE_KEY_FILE: z.string().optional().transform((v) => (v === '' ? undefined : v)),
};

/** What a process that answers calls needs besides: every caller's public key. */
export const rpcVerifyingEnvShape = {
  /** Every caller's public keys: "gateway:<base64url raw key>,user:<…>,…", two for one name while rotating. */
  RPC_PUBLIC_KEYS: z
    .string()
    .transform((v) => v.split(',').map((entry) => entry.trim()).filter(Boolean))
    .refine((entries) => entries.length > 0 && entries.every((entry) => publicKeyEntry.test(entry)), 'must be "name:<43-character base64url Ed25519 public key>[,…]"'),
};

/** Who this process is when it signs. */
export interface RpcIdentity {
  name: string;
  kid: string;
  privateKey: KeyObject;
}

/** The public keys of every caller, by name and key id. */
export type RpcKeyring = ReadonlyMap<string, ReadonlyMap<string, KeyObject>>;

/** The key id of a public key: short, stable, and what the envelope names. */
export function rpcKeyId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('base64url').slice(0, 12);
}

/** A raw Ed25519 public key (32 bytes, base64url) as RPC_PUBLIC_KEYS lists it. */
export function rawPublicKey(key: KeyObject): string {
  return key.export({ format: 'jwk' }).x!;
}

function publicKeyFromRaw(raw: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw }, format: 'jwk' });
}

export function parseKeyring(entries: readonly string[]): RpcKeyring {
  const keyring = new Map<string, Map<string, KeyObject>>();
  for (const entry of entries) {
    const [name, raw] = entry.split(':') as [string, string];
    const key = publicKeyFromRaw(raw);
    if (!keyring.has(name)) keyring.set(name, new Map());
    keyring.get(name)!.set(rpcKeyId(key), key);
  }
  return keyring;
}

/** This process's identity from its configuration; a missing or unreadable key stops the start, naming it. */
export function loadRpcIdentity(name: string, env: { RPC_PRIVATE_KEY?: string; RPC_PRIVATE_KEY_FILE?: string }): RpcIdentity {
  let pem = env.RPC_PRIVATE_KEY;
  if (!pem && env.RPC_PRIVATE_KEY_FILE) {
    try {
      pem = readFileSync(env.RPC_PRIVATE_KEY_FILE, 'utf8');
    } catch {
      throw new ConfigError(`Invalid configuration:\n  RPC_PRIVATE_KEY_FILE: cannot read ${env.RPC_PRIVATE_KEY_FILE}`);
    }
  }
  if (!pem) throw new ConfigError('Invalid configuration:\n  RPC_PRIVATE_KEY: this process signs its calls with its own Ed25519 key (or RPC_PRIVATE_KEY_FILE)');
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new ConfigError('Invalid configuration:\n  RPC_PRIVATE_KEY: must be a PKCS#8 PEM private key');
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new ConfigError('Invalid configuration:\n  RPC_PRIVATE_KEY: must be an Ed25519 key');
  return { name, kid: rpcKeyId(createPublicKey(privateKey)), privateKey };
}

/** How far a signed envelope's time may be from the receiver's clock. */
export const RPC_SIGNATURE_MAX_SKEW_MS = 60_000;

export interface RpcMeta {
  requestId: string;
  actor?: Actor;
  /** The end client's address, as the gateway saw it. */
  clientIp?: string;
  /**
   * The client's Idempotency-Key for this request (from the gateway only: a service does not pass it on), so a
   * service can answer a retry with what the first request committed.
   */
  requestKey?: string;
  /** The process that sends the call ("gateway", "payment", …). */
  caller?: string;
  /** Unix milliseconds at signing. */
  ts?: number;
  /** Unique per envelope: a receiver accepts it once. */
  nonce?: string;
  /** Which of the caller's keys signed. */
  kid?: string;
  /** base64url Ed25519 signature over the canonical text below. */
  sig?: string;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'unsigned' | 'unknown-caller' | 'bad-signature' | 'stale' | 'actor-not-caller' };

function canonical(pattern: string, meta: RpcMeta, data: unknown): Buffer {
  const payloadHash = createHash('sha256').update(JSON.stringify(data ?? null)).digest('base64url');
  return Buffer.from(['v2', pattern, meta.requestId, meta.caller ?? '', String(meta.ts ?? ''), meta.nonce ?? '', JSON.stringify(meta.actor ?? null), meta.clientIp ?? '', meta.requestKey ?? '', payloadHash].join('\n'));
}

export function signRpcMeta(identity: RpcIdentity, pattern: string, meta: Omit<RpcMeta, 'ts' | 'sig' | 'nonce' | 'kid' | 'caller'>, data: unknown, now = realTime.now().getTime()): RpcMeta {
  const signed: RpcMeta = { ...meta, caller: identity.name, ts: now, nonce: randomNonce(), kid: identity.kid };
  return { ...signed, sig: sign(null, canonical(pattern, signed, data), identity.privateKey).toString('base64url') };
}

const randomNonce = () => randomBytes(16).toString('base64url');

export function verifyRpcMeta(keyring: RpcKeyring, pattern: string, meta: RpcMeta | undefined, data: unknown, now = realTime.now().getTime()): SignatureCheck {
  if (!meta || typeof meta.sig !== 'string' || typeof meta.ts !== 'number' || typeof meta.caller !== 'string' || typeof meta.requestId !== 'string' || typeof meta.nonce !== 'string' || typeof meta.kid !== 'string') {
    return { ok: false, reason: 'unsigned' };
  }
  const key = keyring.get(meta.caller)?.get(meta.kid);
  if (!key) return { ok: false, reason: 'unknown-caller' };
  if (!verify(null, canonical(pattern, meta, data), key, Buffer.from(meta.sig, 'base64url'))) return { ok: false, reason: 'bad-signature' };
  if (Math.abs(now - meta.ts) > RPC_SIGNATURE_MAX_SKEW_MS) return { ok: false, reason: 'stale' };
  if (meta.actor?.kind === 'system' && (meta.actor.id !== meta.caller || meta.caller === 'gateway')) return { ok: false, reason: 'actor-not-caller' };
  return { ok: true };
}
