/**
 * Access tokens: short-lived HS256 JWTs issued by the user service and verified by the gateway, which turns
 * them into the request's Actor. The secret is shared between the two through configuration (JWT_SECRET).
 */
import { SignJWT, jwtVerify, errors } from 'jose';
import type { Actor } from '../context/request-context.js';
import { DomainError, ErrorCode } from '../errors/domain-error.js';
import { clock } from '../time/clock.js';

const ISSUER = 'fuel-platform';
const AUDIENCE = 'fuel-gateway';

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function signAccessToken(actor: Actor, secret: string, ttlSeconds: number, now = clock.now()): Promise<string> {
  const { kind, id, sessionId, ...claims } = actor;
  return new SignJWT({ kind, ...claims, ...(sessionId ? { sid: sessionId } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(now.getTime() / 1000) + ttlSeconds)
    .sign(key(secret));
}

export async function verifyAccessToken(token: string, secret: string): Promise<Actor> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], currentDate: clock.now() });
    const { kind, sub, role, stationId, regionCode, sid } = payload as Record<string, unknown>;
    if (typeof sub !== 'string' || (kind !== 'member' && kind !== 'staff' && kind !== 'backoffice')) throw new Error('bad claims');
    return {
      kind,
      id: sub,
      ...(typeof role === 'string' ? { role: role as Actor['role'] } : {}),
      ...(typeof stationId === 'string' ? { stationId } : {}),
      ...(typeof regionCode === 'string' ? { regionCode } : {}),
      ...(typeof sid === 'string' ? { sessionId: sid } : {}),
    };
  } catch (error) {
    const expired = error instanceof errors.JWTExpired;
    throw new DomainError(ErrorCode.UNAUTHENTICATED, expired ? '登录已过期，请重新登录' : '登录凭证无效，请重新登录');
  }
}
