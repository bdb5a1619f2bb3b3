/**
 * Credentials of station back-offices (the systems that set pump prices). Each station has its own secret,
 * derived from BACKOFFICE_MASTER_KEY so that none has to be stored: secret = HMAC-SHA256(master, "station:<id>").
 * A back-office proves itself with a short-lived signed token:
 *   v1.<stationId>.<unix seconds>.<nonce>.<base64url HMAC-SHA256(secret, "v1.<stationId>.<ts>.<nonce>")>
 * The map service accepts a token within ±5 minutes of its clock and only once (the nonce is remembered).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const BACKOFFICE_TOKEN_MAX_SKEW_SECONDS = 300;

export function stationSecret(masterKeyHex: string, stationId: number): string {
  return createHmac('sha256', Buffer.from(masterKeyHex, 'hex')).update(`station:${stationId}`).digest('hex');
}

function signature(secretHex: string, message: string): string {
  return createHmac('sha256', Buffer.from(secretHex, 'hex')).update(message).digest('base64url');
}

export function signStationToken(stationId: number, secretHex: string, now = new Date(), nonce = randomBytes(12).toString('base64url')): string {
  const message = `v1.${stationId}.${Math.floor(now.getTime() / 1000)}.${nonce}`;
  return `${message}.${signature(secretHex, message)}`;
}

export type StationTokenCheck =
  | { ok: true; stationId: number; nonce: string }
  | { ok: false; reason: 'malformed' | 'wrong_station' | 'bad_signature' | 'expired' };

/** Checks form, station, signature and age; the caller checks that the nonce was not used before. */
export function checkStationToken(token: string, expectedStationId: number, masterKeyHex: string, now = new Date()): StationTokenCheck {
  const parts = token.split('.');
  if (parts.length !== 5 || parts[0] !== 'v1' || !/^\d+$/.test(parts[1]) || !/^\d+$/.test(parts[2]) || !/^[\w-]{8,64}$/.test(parts[3])) {
    return { ok: false, reason: 'malformed' };
  }
  const stationId = Number(parts[1]);
  if (stationId !== expectedStationId) return { ok: false, reason: 'wrong_station' };
  const expected = Buffer.from(signature(stationSecret(masterKeyHex, stationId), parts.slice(0, 4).join('.')));
  const given = Buffer.from(parts[4]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad_signature' };
  if (Math.abs(now.getTime() / 1000 - Number(parts[2])) > BACKOFFICE_TOKEN_MAX_SKEW_SECONDS) return { ok: false, reason: 'expired' };
  return { ok: true, stationId, nonce: parts[3] };
}
