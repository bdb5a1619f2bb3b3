/**
 * Credentials of station back-offices (the systems that set pump prices and report till counts). Each station has
 * its own secret, derived from BACKOFFICE_MASTER_KEY so that none has to be stored:
 * secret = HMAC-SHA256(master, "station:<id>"). A back-office proves itself with a short-lived token that signs the
 * request it comes with:
 *   v2.<stationId>.<unix seconds>.<nonce>.<base64url HMAC-SHA256(secret, text)>
 *   text = "v2\n<stationId>\n<ts>\n<nonce>\n<METHOD>\n<path>\n<body digest>"
 * where the body digest is the base64url SHA-256 of the body's canonical JSON (object keys sorted, no spaces):
 * `stationRequestDigest`. The HTTP routes sign `POST /api/v1/backoffice/stations/<id>/prices` (or `…/inventory`) and
 * the JSON body as sent; a push on the live channel signs `PUSH /ws/prices` and the message without its token. A
 * token is accepted within ±5 minutes of the service's clock and only once (the nonce is remembered), and only
 * with the method, path and body it signed: a captured token is worth nothing for another body or route.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DomainError, ErrorCode } from '../errors/domain-error.js';
import { keptKeyOf, type KeptKey } from '../idempotency/kept-replies.js';
import type { Logger } from '../logging/logger.js';
import { realTime } from '../time/clock.js';

export const BACKOFFICE_TOKEN_MAX_SKEW_SECONDS = 300;

export function stationSecret(masterKeyHex: string, stationId: number): string {
  return createHmac('sha256', Buffer.from(masterKeyHex, 'hex')).update(`station:${stationId}`).digest('hex');
}

function signature(secretHex: string, message: string): string {
  return createHmac('sha256', Buffer.from(secretHex, 'hex')).update(message).digest('base64url');
}

/** JSON with every object's keys sorted and no spaces: the same text for the same value, whoever wrote it. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The digest of a request body that a station token signs. */
export function stationRequestDigest(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body ?? null)).digest('base64url');
}

/** The request a token was signed for. */
export interface StationRequest {
  /** POST on the HTTP routes; PUSH on the live channel. */
  method: 'POST' | 'PUSH';
  path: string;
  bodyDigest: string;
}

const signedText = (stationId: number, ts: string, nonce: string, request: StationRequest) => ['v2', stationId, ts, nonce, request.method, request.path, request.bodyDigest].join('\n');

/** What a back-office sends in `x-station-token` (or a push message's `token`) with `body` to `method path`. */
export function signStationToken(stationId: number, secretHex: string, request: { method: StationRequest['method']; path: string; body: unknown }, now = realTime.now(), nonce = randomBytes(12).toString('base64url')): string {
  const ts = String(Math.floor(now.getTime() / 1000));
  const sig = signature(secretHex, signedText(stationId, ts, nonce, { method: request.method, path: request.path, bodyDigest: stationRequestDigest(request.body) }));
  return `v2.${stationId}.${ts}.${nonce}.${sig}`;
}

export type StationTokenCheck =
  | { ok: true; stationId: number; nonce: string }
  | { ok: false; reason: 'malformed' | 'wrong_station' | 'bad_signature' | 'expired' };

/** Checks form, station, signature (over `request` too) and age; the caller checks that the nonce was not used before. */
export function checkStationToken(token: string, expectedStationId: number, masterKeyHex: string, request: StationRequest, now = realTime.now()): StationTokenCheck {
  const parts = token.split('.');
  if (parts.length !== 5 || parts[0] !== 'v2' || !/^\d+$/.test(parts[1]) || !/^\d+$/.test(parts[2]) || !/^[\w-]{8,64}$/.test(parts[3])) {
    return { ok: false, reason: 'malformed' };
  }
  const stationId = Number(parts[1]);
  if (stationId !== expectedStationId) return { ok: false, reason: 'wrong_station' };
  const expected = Buffer.from(signature(stationSecret(masterKeyHex, stationId), signedText(stationId, parts[2], parts[3], request)));
  const given = Buffer.from(parts[4]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad_signature' };
  if (Math.abs(now.getTime() / 1000 - Number(parts[2])) > BACKOFFICE_TOKEN_MAX_SKEW_SECONDS) return { ok: false, reason: 'expired' };
  return { ok: true, stationId, nonce: parts[3] };
}

/**
 * A back-office request's token: form, station, signature over method, path and body, and age (checkStationToken).
 * Returns its nonce as a kept key: the service runs the change with `KeptReplies.once(key, …, replayed)`, so the
 * nonce is remembered in its database with the change (a Redis outage does not stop the back office) and a token
 * used before is refused (`replayedStationToken`). Each refusal is logged with its reason.
 */
export function acceptStationToken(token: string, stationId: number, request: StationRequest, masterKeyHex: string, logger: Logger, now = realTime.now()): KeptKey {
  const check = checkStationToken(token, stationId, masterKeyHex, request, now);
  if (!check.ok) {
    logger.warn({ stationId, reason: check.reason }, 'back-office token refused');
    throw new DomainError(ErrorCode.UNAUTHENTICATED, '站点凭证无效');
  }
  return keptKeyOf(`backoffice:${check.stationId}`, check.nonce, 'backoffice', request)!;
}

/** The answer to a token used before: each works once. */
export function replayedStationToken(stationId: number, logger: Logger): never {
  logger.warn({ stationId, reason: 'replayed' }, 'back-office token refused');
  throw new DomainError(ErrorCode.UNAUTHENTICATED, '站点凭证已使用，请重新签发');
}
