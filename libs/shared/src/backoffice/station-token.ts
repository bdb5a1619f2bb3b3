/**
 * Credentials of station back-offices (the systems that set pump prices). Each station has its own secret,
 * derived from BACKOFFICE_MASTER_KEY so that none has to be stored: secret = HMAC-SHA256(master, "station:<id>").
 * A back-office proves itself with a short-lived signed token:
 *   v1.<stationId>.<unix seconds>.<nonce>.<base64url HMAC-SHA256(secret, "v1.<stationId>.<ts>.<nonce>")>
 * The map service accepts a token within ±5 minutes of its clock and only once (the nonce is remembered).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DomainError, ErrorCode } from '../errors/domain-error.js';
import type { HotStore } from '../hot/hot-store.js';
import type { Logger } from '../logging/logger.js';
import { realTime } from '../time/clock.js';

export const BACKOFFICE_TOKEN_MAX_SKEW_SECONDS = 300;

export function stationSecret(masterKeyHex: string, stationId: number): string {
  return createHmac('sha256', Buffer.from(masterKeyHex, 'hex')).update(`station:${stationId}`).digest('hex');
}

function signature(secretHex: string, message: string): string {
  return createHmac('sha256', Buffer.from(secretHex, 'hex')).update(message).digest('base64url');
}

export function signStationToken(stationId: number, secretHex: string, now = realTime.now(), nonce = randomBytes(12).toString('base64url')): string {
  const message = `v1.${stationId}.${Math.floor(now.getTime() / 1000)}.${nonce}`;
  return `${message}.${signature(secretHex, message)}`;
}

export type StationTokenCheck =
  | { ok: true; stationId: number; nonce: string }
  | { ok: false; reason: 'malformed' | 'wrong_station' | 'bad_signature' | 'expired' };

/** Checks form, station, signature and age; the caller checks that the nonce was not used before. */
export function checkStationToken(token: string, expectedStationId: number, masterKeyHex: string, now = realTime.now()): StationTokenCheck {
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

/**
 * A back-office request's token, accepted once: form, station, signature and age (checkStationToken), then its
 * nonce remembered for twice the time window so a replay is refused. Each refusal is logged with its reason.
 */
export async function acceptStationToken(token: string, stationId: number, masterKeyHex: string, hot: HotStore, logger: Logger, now = realTime.now()): Promise<void> {
  const check = checkStationToken(token, stationId, masterKeyHex, now);
  if (!check.ok) {
    logger.warn({ stationId, reason: check.reason }, 'back-office token refused');
    throw new DomainError(ErrorCode.UNAUTHENTICATED, '站点凭证无效');
  }
  const fresh = await hot.setIfAbsent(`backoffice:nonce:${check.stationId}:${check.nonce}`, '1', 2 * BACKOFFICE_TOKEN_MAX_SKEW_SECONDS);
  if (!fresh) {
    logger.warn({ stationId, reason: 'replayed' }, 'back-office token refused');
    throw new DomainError(ErrorCode.UNAUTHENTICATED, '站点凭证已使用，请重新签发');
  }
}
