/**
 * The RPC envelope is signed, so that reaching a service's port is not enough to act as anyone: the caller
 * (gateway or service) signs the pattern, request id, calling service, time, actor and a hash of the payload with
 * HMAC-SHA256 under the deployment's RPC_SIGNING_KEY; the service refuses a missing, wrong or stale signature, and a
 * `system` actor that is not the calling service. A signed envelope can be replayed within the 60 s window: the
 * payloads that move money carry their own idempotency keys.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../context/request-context.js';
import { realTime } from '../time/clock.js';

export const rpcSigningEnvSchema = z.object({
  RPC_SIGNING_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters'),
});

/** How far a signed envelope's time may be from the receiver's clock. */
export const RPC_SIGNATURE_MAX_SKEW_MS = 60_000;

export interface RpcMeta {
  requestId: string;
  actor?: Actor;
  /** The end client's address, as the gateway saw it. */
  clientIp?: string;
  /** The service that sends the call ("gateway", "payment", …). */
  caller?: string;
  /** Unix milliseconds at signing. */
  ts?: number;
  /** base64url HMAC-SHA256 over the canonical text below. */
  sig?: string;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'unsigned' | 'bad-signature' | 'stale' | 'actor-not-caller' };

function canonical(pattern: string, meta: RpcMeta, data: unknown): string {
  const payloadHash = createHash('sha256').update(JSON.stringify(data ?? null)).digest('base64url');
  return ['v1', pattern, meta.requestId, meta.caller ?? '', String(meta.ts ?? ''), JSON.stringify(meta.actor ?? null), meta.clientIp ?? '', payloadHash].join('\n');
}

const mac = (keyHex: string, text: string) => createHmac('sha256', Buffer.from(keyHex, 'hex')).update(text).digest();

export function signRpcMeta(keyHex: string, pattern: string, meta: Omit<RpcMeta, 'ts' | 'sig'> & { caller: string }, data: unknown, now = realTime.now().getTime()): RpcMeta {
  const signed: RpcMeta = { ...meta, ts: now };
  return { ...signed, sig: mac(keyHex, canonical(pattern, signed, data)).toString('base64url') };
}

export function verifyRpcMeta(keyHex: string, pattern: string, meta: RpcMeta | undefined, data: unknown, now = realTime.now().getTime()): SignatureCheck {
  if (!meta || typeof meta.sig !== 'string' || typeof meta.ts !== 'number' || typeof meta.caller !== 'string' || typeof meta.requestId !== 'string') {
    return { ok: false, reason: 'unsigned' };
  }
  const expected = mac(keyHex, canonical(pattern, meta, data));
  const given = Buffer.from(meta.sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  if (Math.abs(now - meta.ts) > RPC_SIGNATURE_MAX_SKEW_MS) return { ok: false, reason: 'stale' };
  // A service acts as `system` only under its own name, and the internet-facing gateway never does: holding the
  // key is not enough to speak as another service.
  if (meta.actor?.kind === 'system' && (meta.actor.id !== meta.caller || meta.caller === 'gateway')) return { ok: false, reason: 'actor-not-caller' };
  return { ok: true };
}
