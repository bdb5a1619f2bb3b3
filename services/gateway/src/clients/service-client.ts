/**
 * The gateway's one way to call a backend: picks a healthy instance from discovery (round robin), sends the
 * RPC envelope with the request id and caller, and bounds every call with a timeout. A refused connection
 * moves on to the next instance; a dead connection is dropped so that a restarted service is used again
 * without restarting the gateway. Unreachable or silent services become SERVICE_UNAVAILABLE (503).
 */
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import {
  currentContext,
  DomainError,
  ErrorCode,
  LOGGER,
  newRequestId,
  rpcRoute,
  rpcTcpOptions,
  SERVICE_REGISTRY,
  type Logger,
  type RpcContract,
  type RpcEnvelope,
  type RpcInputOf,
  type RpcResponseOf,
  type ServiceInstance,
  type ServiceRegistry,
} from '@fuel/shared';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env.js';

/** Errors that prove the request never reached the instance: only these may be sent to another one. */
const NOT_DELIVERED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENOTFOUND']);

const errorCode = (error: unknown) => (error as { code?: string } | undefined)?.code;

export function unavailable(service: string): DomainError {
  return new DomainError(ErrorCode.SERVICE_UNAVAILABLE, '服务暂时不可用，请稍后再试', { service });
}

@Injectable()
export class ServiceClient implements OnModuleDestroy {
  private readonly proxies = new Map<string, ClientProxy>();
  private readonly cursors = new Map<string, number>();

  constructor(
    @Inject(SERVICE_REGISTRY) private readonly registry: ServiceRegistry,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The service is the first segment of the pattern ("map.stations.list" → map). */
  async call<C extends RpcContract>(
    contract: C,
    input: RpcInputOf<C>,
    options: { timeoutMs?: number } = {},
  ): Promise<RpcResponseOf<C>> {
    const service = contract.pattern.split('.')[0];
    const context = currentContext();
    const envelope: RpcEnvelope = {
      meta: { requestId: context?.requestId ?? newRequestId(), actor: context?.actor },
      data: input,
    };
    const candidates = this.ordered(service);
    if (candidates.length === 0) throw unavailable(service);
    for (const instance of candidates) {
      const key = `${instance.host}:${instance.port}`;
      try {
        const reply$ = this.proxy(key, instance).send(rpcRoute(contract), envelope);
        return (await firstValueFrom(reply$.pipe(timeout(options.timeoutMs ?? this.env.RPC_TIMEOUT_MS)))) as RpcResponseOf<C>;
      } catch (error) {
        // A service only throws registered codes (DomainError takes nothing else), so the cast is the wire's, not a guess.
        if (DomainError.isErrorBody(error)) throw new DomainError(error.code as ErrorCode, error.message, error.details);
        if (error instanceof TimeoutError) {
          // The connection is shared by concurrent calls: keep it. The request may have been processed,
          // so it is not resent elsewhere.
          this.logger.warn({ service, instance: key, pattern: contract.pattern }, 'rpc timed out');
          throw unavailable(service);
        }
        this.drop(key);
        if (!NOT_DELIVERED.has(errorCode(error) ?? '')) {
          // Reset or closed mid-call: the instance may have acted on it; answer 503 rather than risk doing it twice.
          this.logger.warn({ service, instance: key, code: errorCode(error), err: String(error) }, 'rpc connection lost');
          throw unavailable(service);
        }
        this.logger.warn({ service, instance: key, code: errorCode(error) }, 'instance unreachable');
      }
    }
    throw unavailable(service);
  }

  async onModuleDestroy(): Promise<void> {
    for (const key of [...this.proxies.keys()]) this.drop(key);
  }

  private ordered(service: string): ServiceInstance[] {
    const instances = this.registry.instances(service);
    if (instances.length <= 1) return instances;
    const start = (this.cursors.get(service) ?? 0) % instances.length;
    this.cursors.set(service, start + 1);
    return [...instances.slice(start), ...instances.slice(0, start)];
  }

  private proxy(key: string, instance: ServiceInstance): ClientProxy {
    let proxy = this.proxies.get(key);
    if (!proxy) {
      proxy = ClientProxyFactory.create({ transport: Transport.TCP, options: rpcTcpOptions(instance.host, instance.port) });
      this.proxies.set(key, proxy);
    }
    return proxy;
  }

  private drop(key: string): void {
    const proxy = this.proxies.get(key);
    this.proxies.delete(key);
    void Promise.resolve(proxy?.close()).catch(() => undefined);
  }
}
