/**
 * Service side of the RPC envelope: checks the caller's signature, restores the request context, validates the
 * payload against the contract, and turns every failure into a plain `{code, message, details}` body (never a
 * stack trace).
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
import { Observable, throwError } from 'rxjs';
import { runWithContext, newRequestId, type Actor } from '../context/request-context.js';
import { DomainError, ErrorCode, type ErrorBody } from '../errors/domain-error.js';
import type { InFlight } from '../nest/in-flight.js';
import { rpcCalls, rpcDuration } from '../metrics/metrics.js';
import type { Logger } from '../logging/logger.js';
import type { RpcContract, RpcEnvelope } from './contract.js';
import { verifyRpcMeta } from './envelope-signature.js';
import { parseOrThrow } from './zod-issues.js';
import { patternOfRoute, rpcRoute } from './transport.js';

/**
 * Refuses an envelope whose signature is missing, wrong or stale (logged), then restores the caller's request
 * context and logs one line per handled message, with its request id.
 */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  constructor(
    private readonly logger: Logger,
    private readonly signingKey: string,
    /** Counts the calls being handled, for a shutdown that lets them finish. */
    private readonly inFlight?: InFlight,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rpc = context.switchToRpc();
    const envelope = rpc.getData() as Partial<RpcEnvelope> | undefined;
    const meta = envelope?.meta;
    const pattern = patternOfRoute(rpc.getContext<{ getPattern?: () => string }>()?.getPattern?.()) ?? '';
    const check = verifyRpcMeta(this.signingKey, pattern, meta, envelope?.data);
    if (!check.ok) {
      this.logger.warn({ pattern, reason: check.reason, caller: meta?.caller, actorKind: meta?.actor?.kind, requestId: meta?.requestId }, 'rpc envelope refused');
      return throwError(() => new DomainError(ErrorCode.UNAUTHENTICATED, '调用方未通过签名校验'));
    }
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
export const Rpc = (contract: RpcContract) => MessagePattern(rpcRoute(contract));

/** `@RpcBody(contract)` on a parameter: the validated payload (type it with RpcPayloadOf<typeof contract>). */
export const RpcBody = (contract: RpcContract) => Payload('data', new ContractPipe(contract));

/** `@RpcActor()` on a parameter: who is calling (set by the gateway), or undefined. */
export const RpcActor = () => Payload('meta', { transform: (meta?: { actor?: Actor }) => meta?.actor });
