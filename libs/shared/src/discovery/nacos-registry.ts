/**
 * Nacos adapter (the `nacos` npm client speaks the v1 HTTP naming API): ephemeral instances with client
 * heartbeats, so an instance that dies without deregistering turns unhealthy (~15 s) and then disappears.
 *
 * Watching combines the client's UDP push (changes arrive in about half a second) with a periodic read of
 * `/nacos/v1/ns/instance/list?healthyOnly=true`, because the client never reports a list that became empty
 * (it drops empty pushes and keeps the stale instance).
 */
import type { Logger } from '../logging/logger.js';
import type { ServiceInstance, ServiceRegistry } from './registry.js';

interface NacosHost {
  ip: string;
  port: number;
  healthy?: boolean;
  enabled?: boolean;
  valid?: boolean;
}

type NamingClientClass = new (options: object) => NacosNamingClientLike;

interface NacosNamingClientLike {
  ready(): Promise<void>;
  registerInstance(service: string, instance: { ip: string; port: number; ephemeral?: boolean }, group?: string): Promise<void>;
  deregisterInstance(service: string, instance: { ip: string; port: number }, group?: string): Promise<void>;
  subscribe(info: { serviceName: string; groupName?: string }, listener: (hosts: NacosHost[]) => void): void;
  getAllInstances(service: string, group?: string): Promise<NacosHost[]>;
  close(): void | Promise<void>;
}

export class NacosRegistry implements ServiceRegistry {
  readonly kind = 'nacos' as const;
  private readonly client: NacosNamingClientLike;
  private readonly known = new Map<string, ServiceInstance[]>();
  private readonly namespace: string;
  private registered: Array<{ service: string; host: string; port: number }> = [];
  private refreshTimer?: NodeJS.Timeout;
  private readonly baseUrl: string;

  /**
   * The client is loaded here, not at the top: a process without Nacos (the embedded and static set-ups, most tests)
   * is spared loading it at every start. By `import()`, which a bundler follows (a service ships as one bundle).
   */
  static async open(serverAddr: string, namespace: string, logger: Logger, group = 'DEFAULT_GROUP', refreshMs = 3000): Promise<NacosRegistry> {
    const { NacosNamingClient } = (await import('nacos')).default as unknown as { NacosNamingClient: NamingClientClass };
    return new NacosRegistry(NacosNamingClient, serverAddr, namespace, logger, group, refreshMs);
  }

  private constructor(
    NamingClient: NamingClientClass,
    serverAddr: string,
    namespace: string,
    private readonly logger: Logger,
    private readonly group: string,
    private readonly refreshMs: number,
  ) {
    this.baseUrl = `http://${serverAddr.split(',')[0].trim()}/nacos/v1/ns`;
    this.namespace = namespace;
    this.client = new NamingClient({
      serverList: serverAddr,
      namespace,
      logger: {
        info: () => undefined,
        debug: () => undefined,
        warn: (...args: unknown[]) => logger.warn({ nacos: args.map(String) }, 'nacos client warning'),
        error: (...args: unknown[]) => logger.error({ nacos: args.map(String) }, 'nacos client error'),
      },
    });
  }

  async register(self: { service: string; host: string; port: number }): Promise<void> {
    await this.client.ready();
    await this.client.registerInstance(self.service, { ip: self.host, port: self.port, ephemeral: true }, this.group);
    this.registered.push(self);
    this.logger.info({ service: self.service, port: self.port }, 'registered in nacos');
  }

  /**
   * Withdraws every endpoint, and makes sure of it: a heartbeat already on its way when we deregister makes the
   * server register the instance again (a v1 beat carries the whole instance), where it would stay listed until its
   * heartbeat timeout. So look, and deregister again while it is still there.
   */
  async deregister(): Promise<void> {
    const registered = this.registered;
    this.registered = [];
    await Promise.all(
      registered.map(async (self) => {
        for (let attempt = 1; attempt <= 5; attempt++) {
          await this.client.deregisterInstance(self.service, { ip: self.host, port: self.port }, this.group);
          await new Promise((resolve) => setTimeout(resolve, 300));
          if (!(await this.listed(self))) return;
          this.logger.info({ service: self.service, port: self.port, attempt }, 'nacos listed the instance again after deregistration (a heartbeat in flight): deregistering again');
        }
      }),
    );
  }

  /** Whether the server lists this endpoint (healthy or not); false when it cannot tell. */
  private async listed(self: { service: string; host: string; port: number }): Promise<boolean> {
    const query = new URLSearchParams({ serviceName: self.service, groupName: this.group, namespaceId: this.namespace });
    try {
      const response = await fetch(`${this.baseUrl}/instance/list?${query}`, { signal: AbortSignal.timeout(2000) });
      const body = (await response.json()) as { hosts?: NacosHost[] };
      return (body.hosts ?? []).some((h) => h.ip === self.host && Number(h.port) === self.port);
    } catch {
      return false;
    }
  }

  async watch(services: readonly string[]): Promise<void> {
    await this.client.ready();
    for (const service of services) {
      // subscribe() uses the DEFAULT cluster; reading with another cluster would replace the push subscription.
      this.client.subscribe({ serviceName: service, groupName: this.group }, (hosts) => this.update(service, hosts));
    }
    await this.refresh(services);
    this.refreshTimer = setInterval(() => void this.refresh(services), this.refreshMs);
    this.refreshTimer.unref();
  }

  private async refresh(services: readonly string[]): Promise<void> {
    await Promise.all(
      services.map(async (service) => {
        const query = new URLSearchParams({ serviceName: service, groupName: this.group, namespaceId: this.namespace, healthyOnly: 'true' });
        try {
          const response = await fetch(`${this.baseUrl}/instance/list?${query}`, { signal: AbortSignal.timeout(2000) });
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          const body = (await response.json()) as { hosts?: NacosHost[] };
          this.update(service, body.hosts ?? []);
        } catch (error) {
          // Keep the last known list: a registry hiccup must not empty the gateway's view.
          this.logger.warn({ service, err: String(error) }, 'nacos refresh failed');
        }
      }),
    );
  }

  instances(service: string): ServiceInstance[] {
    return this.known.get(service) ?? [];
  }

  async close(): Promise<void> {
    clearInterval(this.refreshTimer);
    await this.deregister().catch((error) => this.logger.warn({ err: error }, 'nacos deregister failed'));
    await this.client.close();
  }

  private update(service: string, hosts: NacosHost[]): void {
    this.known.set(
      service,
      hosts
        .filter((h) => h.healthy !== false && h.enabled !== false && h.valid !== false)
        .map((h) => ({ service, host: h.ip, port: Number(h.port), healthy: true })),
    );
  }
}
