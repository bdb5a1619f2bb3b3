/**
 * Service side of the RPC envelope: checks the caller's signature with the caller's own key, that the envelope is
 * new (not a replay) and that the caller may call this pattern (rpc-callers.ts), restores the request context,
 * validates the payload against the contract, and turns every failure into a plain `{code, message, details}` body
 * (never a stack trace).
 */
import {
  Catch,
  Injectable,
  type ArgumentsHost,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type PipeTransform,
  type RpcExceptionFilter,
} from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { finalize, from, mergeMap, Observable, throwError } from 'rxjs';
import type { AdmissionGates } from '../nest/admission.js';
import { runWithContext, newRequestId, type Actor } from '../context/request-context.js';
import { DomainError, ErrorCode, type ErrorBody } from '../errors/domain-error.js';
import type { InFlight } from '../nest/in-flight.js';
import { rpcCalls, rpcDuration } from '../metrics/metrics.js';
import type { Logger } from '../logging/logger.js';
import type { RpcContract, RpcEnvelope } from './contract.js';
import { TEST_HARNESS_CALLER, verifyRpcMeta, type RpcKeyring, type RpcMeta } from './envelope-signature.js';
import type { ReplayGuard } from './replay-guard.js';
import { peerName } from './rpc-tls.js';
import { callersOf } from './rpc-callers.js';
import { realTime } from '../time/clock.js';
import { parseOrThrow } from './zod-issues.js';
import { patternOfRoute, rpcRoute } from './transport.js';
import { keptKeyOf } from '../idempotency/kept-replies.js';

/** What a service checks before it handles a call. */
export interface RpcAdmission {
  keyring: RpcKeyring;
  replays: ReplayGuard;
  /** In production the test harness's envelopes are not let through (and its key is refused at start). */
  production: boolean;
  /** Mutual TLS is on: the envelope's caller must be the process the connection's client certificate names. */
  tls: boolean;
  /**
   * Limits, per pattern, the calls a client started (a member's or staff member's, through the gateway): they are
   * admitted or refused before any work. Calls services make for work already admitted are never refused here.
   */
  gates?: AdmissionGates;
}

/** Contracts this process handles, by pattern (filled by `@Rpc`): whether a call is read-only. */
const handledContracts = new Map<string, RpcContract>();

/**
 * Refuses an envelope whose signature is missing, wrong or stale, whose caller is not the TLS peer (with mutual
 * TLS), that was seen before, or whose caller may not call the pattern (each logged), then restores the caller's
 * request context and logs one line per handled message, with its request id.
 */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  constructor(
    private readonly logger: Logger,
    private readonly admission: RpcAdmission,
    /** Counts the calls being handled, for a shutdown that lets them finish. */
    private readonly inFlight?: InFlight,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rpc = context.switchToRpc();
    const envelope = rpc.getData() as Partial<RpcEnvelope> | undefined;
    const meta = envelope?.meta;
    const pattern = patternOfRoute(rpc.getContext<{ getPattern?: () => string }>()?.getPattern?.()) ?? '';
    const now = realTime.now().getTime();
    const refuse = (reason: string, error: DomainError) => {
      this.logger.warn({ pattern, reason, caller: meta?.caller, actorKind: meta?.actor?.kind, requestId: meta?.requestId }, 'rpc envelope refused');
      rpcCalls.inc({ pattern, outcome: `refused:${reason}` });
      return throwError(() => error);
    };
    const check = verifyRpcMeta(this.admission.keyring, pattern, meta, envelope?.data, now);
    if (!check.ok) return refuse(check.reason, new DomainError(ErrorCode.UNAUTHENTICATED, '调用方未通过签名校验'));
    const signed = meta as Required<Pick<RpcMeta, 'caller' | 'nonce'>> & RpcMeta;
    if (this.admission.tls && peerName(rpc.getContext<{ getSocketRef?: () => { socket?: unknown } }>()?.getSocketRef?.()?.socket) !== signed.caller) {
      return refuse('certificate-not-caller', new DomainError(ErrorCode.UNAUTHENTICATED, '调用方未通过签名校验'));
    }
    const harness = signed.caller === TEST_HARNESS_CALLER && !this.admission.production;
    if (!harness && !(callersOf(pattern) as readonly string[] | undefined)?.includes(signed.caller)) {
      return refuse('caller-not-allowed', new DomainError(ErrorCode.FORBIDDEN, '调用方无权调用此接口'));
    }
    const shared = !handledContracts.get(pattern)?.readOnly;
    return from(this.admission.replays.firstSighting(signed.caller, signed.nonce, now, shared)).pipe(
      mergeMap((first) => (first ? this.admitted(next, pattern, signed, refuse) : refuse('replayed', new DomainError(ErrorCode.UNAUTHENTICATED, '调用方未通过签名校验')))),
    );
  }

  private admitted(next: CallHandler, pattern: string, meta: RpcMeta, refuse: (reason: string, error: DomainError) => Observable<never>): Observable<unknown> {
    const kind = meta.actor?.kind;
    if (!this.admission.gates || (kind !== 'member' && kind !== 'staff')) return this.handle(next, pattern, meta);
    return from(this.admission.gates.enter(pattern)).pipe(
      mergeMap((release) =>
        release
          ? this.handle(next, pattern, meta).pipe(finalize(release))
          : refuse('overloaded', new DomainError(ErrorCode.SERVICE_UNAVAILABLE, '当前人数较多，请稍后再试', { overloaded: true })),
      ),
    );
  }

  private handle(next: CallHandler, pattern: string, meta: RpcMeta): Observable<unknown> {
    const requestContext = { requestId: meta?.requestId ?? newRequestId(), actor: meta?.actor, clientIp: meta?.clientIp };
    const started = performance.now();
    return new Observable((subscriber) => {
      const end = this.inFlight?.begin();
      /** One line in the log and the metrics per handled call, and it is no longer in flight. */
      const finished = (outcome: string) => {
        const seconds = (performance.now() - started) / 1000;
        this.logger.info({ pattern, ms: Math.round(seconds * 1000), outcome }, 'rpc');
        rpcCalls.inc({ pattern, outcome });
        rpcDuration.observe({ pattern }, seconds);
        end?.();
      };
      const subscription = runWithContext(requestContext, () =>
        next.handle().subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            finished(error instanceof DomainError ? error.code : 'error');
            subscriber.error(error);
          },
          complete: () => {
            finished('ok');
            subscriber.complete();
          },
        }),
      );
      return () => {
        subscription.unsubscribe();
        end?.();
      };
    });
  }
}

@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => this.toBody(exception));
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) return exception.toBody();
    this.logger.error({ err: exception }, 'unhandled error in RPC handler');
    return { code: ErrorCode.INTERNAL, message: '服务内部错误' };
  }
}

class ContractPipe implements PipeTransform {
  constructor(private readonly contract: RpcContract) {}
  transform(value: unknown): unknown {
    return parseOrThrow(this.contract.request, value);
  }
}

/** `@Rpc(contract)` on a handler method: binds the pattern. */
export const Rpc = (contract: RpcContract) => {
  handledContracts.set(contract.pattern, contract);
  return MessagePattern(rpcRoute(contract));
};

/** `@RpcBody(contract)` on a parameter: the validated payload (type it with RpcPayloadOf<typeof contract>). */
export const RpcBody = (contract: RpcContract) => Payload('data', new ContractPipe(contract));

/** `@RpcRequestKey()` on a parameter: the client's Idempotency-Key for this request, or undefined. */
export const RpcRequestKey = () => Payload('meta', { transform: (meta?: { requestKey?: string }) => meta?.requestKey });

/**
 * `@RpcKeptKey(contract)` on a parameter: the client's Idempotency-Key for this request with its caller (the member or
 * staff member) and a digest of the request, for `KeptReplies`; undefined without a key. `digested` leaves secrets
 * (passwords) out of the digest, which is kept for a day.
 */
export const RpcKeptKey = (contract: RpcContract, digested: (request: unknown) => unknown = (request) => request) =>
  Payload(undefined, {
    transform: (envelope?: { meta?: RpcMeta; data?: unknown }) => {
      const actor = envelope?.meta?.actor;
      const caller = actor && (actor.kind === 'member' || actor.kind === 'staff') ? `${actor.kind}:${actor.id}` : undefined;
      return keptKeyOf(caller, envelope?.meta?.requestKey, contract.pattern, digested(envelope?.data));
    },
  });

/** `@RpcActor()` on a parameter: who is calling (set by the gateway), or undefined. */
export const RpcActor = () => Payload('meta', { transform: (meta?: { actor?: Actor }) => meta?.actor });
