/**
 * Service discovery behind one interface: Nacos when NACOS_SERVER_ADDR is set, a static list otherwise.
 * Backends register themselves on start and deregister on shutdown; the gateway watches the services it
 * calls and balances across their healthy instances.
 */
export const SERVICE_NAMES = ['user', 'order', 'payment', 'map'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** RPC ports used by the embedded defaults (`npm start`) and the static registry. */
export const DEFAULT_RPC_PORTS: Record<ServiceName, number> = { user: 4001, order: 4002, payment: 4003, map: 4004 };

/** The map service's live price channel (WebSocket) registers as its own endpoint, which the gateway proxies. */
export const MAP_WS_SERVICE = 'map-ws';
export const DEFAULT_MAP_WS_PORT = 4104;

export interface ServiceInstance {
  service: string;
  host: string;
  port: number;
  healthy: boolean;
}

export interface ServiceRegistry {
  readonly kind: 'nacos' | 'static';
  /** May be called once per endpoint a process offers (RPC, WebSocket…). */
  register(self: { service: string; host: string; port: number }): Promise<void>;
  /** Withdraws every endpoint this process registered. */
  deregister(): Promise<void>;
  /** Starts following these services so that `instances` answers from a local, pushed copy. */
  watch(services: readonly string[]): Promise<void>;
  /** Healthy instances known right now (no I/O). */
  instances(service: string): ServiceInstance[];
  close(): Promise<void>;
}

/** Parses "user=127.0.0.1:4001,order=127.0.0.1:4002" (a service may be listed several times). */
export function parseServiceAddresses(spec: string | undefined): ServiceInstance[] {
  const fromSpec = (spec ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^([a-z][a-z0-9-]*)=([^:\s]+):(\d{1,5})$/.exec(part);
      if (!match) throw new Error(`SERVICE_ADDRESSES: cannot read "${part}" (expected name=host:port)`);
      return { service: match[1], host: match[2], port: Number(match[3]), healthy: true };
    });
  const listed = new Set(fromSpec.map((i) => i.service));
  const defaultPorts: Record<string, number> = { ...DEFAULT_RPC_PORTS, [MAP_WS_SERVICE]: DEFAULT_MAP_WS_PORT };
  const defaults = Object.entries(defaultPorts)
    .filter(([name]) => !listed.has(name))
    .map(([service, port]) => ({ service, host: '127.0.0.1', port, healthy: true }));
  return [...fromSpec, ...defaults];
}

export class StaticRegistry implements ServiceRegistry {
  readonly kind = 'static' as const;
  private readonly all: ServiceInstance[];

  constructor(spec?: string) {
    this.all = parseServiceAddresses(spec);
  }
  async register(): Promise<void> {}
  async deregister(): Promise<void> {}
  async watch(): Promise<void> {}
  instances(service: string): ServiceInstance[] {
    return this.all.filter((i) => i.service === service);
  }
  async close(): Promise<void> {}
}
