/**
 * An RPC contract names a message pattern and the zod schema of its request once, in libs/shared,
 * so the gateway (caller) and the service (handler) cannot drift apart. `Res` is the reply type.
 */
import type { z } from 'zod';
import type { RpcMeta } from './envelope-signature.js';

export interface RpcContract<S extends z.ZodType = z.ZodType, Res = unknown> {
  readonly pattern: string;
  readonly request: S;
  /**
   * Changes nothing: a call whose connection is lost mid-way (an instance killed after it was chosen) may be sent to
   * another instance, since running it twice is harmless. Everything else answers 503 then (it may have acted).
   */
  readonly readOnly?: boolean;
  /** Type-only marker for the reply. */
  readonly __response?: Res;
}

export function rpcContract<Res>() {
  return <S extends z.ZodType>(pattern: string, request: S, options: { readOnly?: boolean } = {}): RpcContract<S, Res> => ({ pattern, request, ...options });
}

/** What a caller sends. */
export type RpcInputOf<C> = C extends RpcContract<infer S, unknown> ? z.input<S> : never;
/** What a handler receives after validation. */
export type RpcPayloadOf<C> = C extends RpcContract<infer S, unknown> ? z.output<S> : never;
export type RpcResponseOf<C> = C extends RpcContract<z.ZodType, infer Res> ? Res : never;

/** What travels over the transport: the payload plus the request id, the actor and the caller's signature. */
export interface RpcEnvelope<T = unknown> {
  meta: RpcMeta;
  data: T;
}
