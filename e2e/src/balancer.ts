/**
 * An HTTP balancer in front of gateways, as a Kubernetes Service or an ingress uses them: it probes each backend's
 * readiness (`/readyz` on its operations port) every `probeMs`, sends each request to the next ready backend over
 * keep-alive connections, and never retries, so a request a backend drops shows up as a 502. What each backend
 * answered is counted.
 */
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Backend {
  name: string;
  url: string;
  opsPort: number;
}

export class Balancer {
  readonly served = new Map<string, number>();
  private readonly ready = new Set<string>();
  private readonly agents = new Map<string, Agent>();
  private cursor = 0;
  private probing: NodeJS.Timeout | undefined;

  private constructor(
    private readonly backends: Backend[],
    private readonly server: Server,
  ) {}

  static async start(backends: Backend[], probeMs = 200): Promise<Balancer> {
    const server = createServer();
    const balancer = new Balancer(backends, server);
    server.on('request', (incoming, outgoing) => balancer.forward(incoming, outgoing));
    await balancer.probe();
    balancer.probing = setInterval(() => void balancer.probe(), probeMs);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return balancer;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  isReady(name: string): boolean {
    return this.ready.has(name);
  }

  private async probe(): Promise<void> {
    await Promise.all(
      this.backends.map(async ({ name, opsPort }) => {
        const ok = await fetch(`http://127.0.0.1:${opsPort}/readyz`, { signal: AbortSignal.timeout(1000) }).then((r) => r.status === 200, () => false);
        if (ok) this.ready.add(name);
        else this.ready.delete(name);
      }),
    );
  }

  private forward(incoming: IncomingMessage, outgoing: ServerResponse): void {
    const candidates = this.backends.filter((backend) => this.ready.has(backend.name));
    if (candidates.length === 0) {
      outgoing.writeHead(503).end();
      return;
    }
    const backend = candidates[this.cursor++ % candidates.length]!;
    if (!this.agents.has(backend.name)) this.agents.set(backend.name, new Agent({ keepAlive: true }));
    const upstream = request(`${backend.url}${incoming.url}`, { method: incoming.method, headers: incoming.headers, agent: this.agents.get(backend.name) }, (answer) => {
      this.served.set(backend.name, (this.served.get(backend.name) ?? 0) + 1);
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    upstream.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502, { 'x-balancer': `lost by ${backend.name}` }).end();
      else outgoing.destroy();
    });
    incoming.pipe(upstream);
  }

  async close(): Promise<void> {
    clearInterval(this.probing);
    for (const agent of this.agents.values()) agent.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
