/**
 * Request context carried through async calls: the request id (for logs and error bodies) and the caller.
 * The gateway creates it per HTTP request; services restore it from the RPC envelope.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export type ActorKind = 'member' | 'staff' | 'backoffice' | 'system';

export interface Actor {
  kind: ActorKind;
  id: string;
  /** Staff role, for staff actors. */
  role?: 'attendant' | 'manager' | 'regional_admin';
  stationId?: string;
  regionCode?: string;
  /** Staff only: the server-side session behind the token (sign-out, disable and idle time end it at once). */
  sessionId?: string;
}

export interface RequestContext {
  requestId: string;
  actor?: Actor;
  /** The client's address as the gateway saw it (for the staff audit log). */
  clientIp?: string;
  /** At the gateway: the request's Idempotency-Key, sent on with its calls (RpcMeta.requestKey). */
  requestKey?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

export function newRequestId(): string {
  return randomUUID();
}

/** Accepts a client-supplied request id only when it is short and plain, so it cannot pollute logs. */
export function acceptRequestId(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(value) ? value : newRequestId();
}
