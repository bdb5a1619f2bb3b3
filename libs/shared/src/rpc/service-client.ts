/**
 * The one way to call a service, for the gateway and for services calling each other: picks a healthy instance
 * from discovery (round robin), sends the RPC envelope with the request id and actor, signed by the calling
 * process with its own key (envelope-signature.ts), and bounds every call with a timeout. A refused connection moves on to the
 * next instance; a dead connection is dropped so that a restarted service is used again without restarting the
 * caller. Unreachable or silent services become SERVICE_UNAVAILABLE (503 at the gateway).
 */
import type { OnModuleDestroy } from '@nestjs/common';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { currentContext, newRequestId, type Actor } from '../context/request-context.js';
import type { ServiceInstance, ServiceRegistry } from '../discovery/registry.js';
import { DomainError, ErrorCode } from '../errors/domain-error.js';
import type { Logger } from '../logging/logger.js';
import type { RpcContract, RpcEnvelope, RpcInputOf, RpcResponseOf } from './contract.js';
import { loadRpcIdentity, signRpcMeta, type RpcIdentity } from './envelope-signature.js';
import { loadRpcTls, rpcClientTlsOptions, type RpcTls } from './rpc-tls.js';
import { rpcRoute, rpcTcpOptions } from './transport.js';

/** What a process needs to call others: who it signs as, and its mutual-TLS material when configured. */
export interface CallerCredentials {
  /** Who signs: the gateway, or the calling service (its name is also the id of its `system` actor). */
  identity: RpcIdentity;
  /** Mutual TLS to the services (rpc-tls.ts); plain TCP without it. */
  tls?: RpcTls;
}

/** Reads them from the configuration, once, at start: a missing or unreadable key or certificate stops it, named. */
export function loadCallerCredentials(name: string, env: Parameters<typeof loadRpcIdentity>[1] & Parameters<typeof loadRpcTls>[0]): CallerCredentials {
  return { identity: loadRpcIdentity(name, env), tls: loadRpcTls(env) };
}

export interface ServiceClientOptions extends CallerCredentials {
  registry: ServiceRegistry;
  logger: Logger;
  timeoutMs: number;
}

/** Errors that prove the request never reached the instance: only these may be sent to another one. */
const NOT_DELIVERED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENOTFOUND']);

const errorCode = (error: unknown) => (error as { code?: string } | undefined)?.code;

export function unavailable(service: string): DomainError {
  return new DomainError(ErrorCode.SERVICE_UNAVAILABLE, '服务暂时不可用，请稍后再试', { service });
}

/**
 * A change that was delivered and not answered (a timeout, a connection lost mid-call): it may have been made, so
 * the answer must not say it failed. A read that was not answered is only unavailable.
 */
function unanswered(service: string, readOnly: boolean | undefined): DomainError {
  return readOnly ? unavailable(service) : new DomainError(ErrorCode.OUTCOME_UNKNOWN, '结果未确认，请稍后重试（不会重复扣款或下单）', { service });
}

export class ServiceClient implements OnModuleDestroy {
  private readonly proxies = new Map<string, ClientProxy>();
  private readonly cursors = new Map<string, number>();
  private readonly registry: ServiceRegistry;
  private readonly logger: Logger;

  constructor(private readonly options: ServiceClientOptions) {
    this.registry = options.registry;
    this.logger = options.logger;
  }

  /**
   * Calls on behalf of the current request's actor (the signed-in member or staff at the gateway). The service
   * is the first segment of the pattern ("map.stations.list" → map).
   */
  call<C extends RpcContract>(contract: C, input: RpcInputOf<C>, options: { timeoutMs?: number } = {}): Promise<RpcResponseOf<C>> {
    return this.send(contract, input, currentContext()?.actor, options.timeoutMs);
  }

  /** Calls as this service itself: the `system` actor named after the caller ("payment" crediting a wallet). */
  callAsSystem<C extends RpcContract>(contract: C, input: RpcInputOf<C>, options: { timeoutMs?: number } = {}): Promise<RpcResponseOf<C>> {
    return this.send(contract, input, { kind: 'system', id: this.options.identity.name }, options.timeoutMs);
  }

  private async send<C extends RpcContract>(contract: C, input: RpcInputOf<C>, actor: Actor | undefined, timeoutMs = this.options.timeoutMs): Promise<RpcResponseOf<C>> {
    const service = contract.pattern.split('.')[0];
    const requestId = currentContext()?.requestId ?? newRequestId();
    const context = currentContext();
    const envelope: RpcEnvelope = {
      meta: signRpcMeta(this.options.identity, contract.pattern, { requestId, actor, ...(context?.clientIp ? { clientIp: context.clientIp } : {}), ...(context?.requestKey ? { requestKey: context.requestKey } : {}) }, input),
      data: input,
    };
    const candidates = this.ordered(service);
    if (candidates.length === 0) throw unavailable(service);
    for (const instance of candidates) {
      const key = `${instance.host}:${instance.port}`;
      try {
        const reply$ = this.proxy(key, instance, service).send(rpcRoute(contract), envelope);
        return (await firstValueFrom(reply$.pipe(timeout(timeoutMs)))) as RpcResponseOf<C>;
      } catch (error) {
        // A service only throws registered codes (DomainError takes nothing else), so the cast is the wire's, not a guess.
        if (DomainError.isErrorBody(error)) throw new DomainError(error.code as ErrorCode, error.message, error.details);
        if (error instanceof TimeoutError) {
          // The connection is shared by concurrent calls: keep it. The request may have been processed,
          // so it is not resent elsewhere.
          this.logger.warn({ service, instance: key, pattern: contract.pattern }, 'rpc timed out');
          throw unanswered(service, contract.readOnly);
        }
        this.drop(key);
        if (!NOT_DELIVERED.has(errorCode(error) ?? '') && !contract.readOnly) {
          // Reset or closed mid-call: the instance may have acted on it; never sent again here, and not called failed.
          this.logger.warn({ service, instance: key, code: errorCode(error), err: String(error) }, 'rpc connection lost');
          throw unanswered(service, contract.readOnly);
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

  private proxy(key: string, instance: ServiceInstance, service: string): ClientProxy {
    let proxy = this.proxies.get(key);
    if (!proxy) {
      const tlsOptions = this.options.tls ? rpcClientTlsOptions(this.options.tls, service) : undefined;
      proxy = ClientProxyFactory.create({ transport: Transport.TCP, options: { ...rpcTcpOptions(instance.host, instance.port), ...(tlsOptions ? { tlsOptions } : {}) } });
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
