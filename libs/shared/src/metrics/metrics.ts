/**
 * The process's Prometheus metrics (prom-client), served at /metrics on its operations port, never the public one.
 * Every figure is declared here, so names and labels live in one place; the modules that measure import them.
 * Labels are bounded: route templates and RPC patterns (never raw URLs or ids), outcomes from a fixed set.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const metricsRegistry = new Registry();

let processMetricsOn = false;
/** Process figures (CPU, memory, event-loop lag, GC) labelled with the service's name; once per process. */
export function startProcessMetrics(service: string): void {
  if (processMetricsOn) return;
  processMetricsOn = true;
  metricsRegistry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: metricsRegistry });
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export const httpRequests = new Counter({ name: 'fuel_http_requests_total', help: 'Gateway requests answered, by route template and status', labelNames: ['method', 'route', 'status'], registers: [metricsRegistry] });
export const httpDuration = new Histogram({ name: 'fuel_http_request_duration_seconds', help: 'Gateway request latency by route template', labelNames: ['method', 'route'], buckets: LATENCY_BUCKETS, registers: [metricsRegistry] });
export const rpcCalls = new Counter({ name: 'fuel_rpc_server_calls_total', help: 'RPC calls handled, by pattern and outcome (ok or the error code)', labelNames: ['pattern', 'outcome'], registers: [metricsRegistry] });
export const rpcDuration = new Histogram({ name: 'fuel_rpc_server_duration_seconds', help: 'RPC handling time by pattern', labelNames: ['pattern'], buckets: LATENCY_BUCKETS, registers: [metricsRegistry] });
export const paymentNotifications = new Counter({ name: 'fuel_payment_notifications_total', help: 'Provider payment notifications, accepted or refused (with the reason)', labelNames: ['provider', 'outcome'], registers: [metricsRegistry] });
export const admissionRefusals = new Counter({ name: 'fuel_admission_refusals_total', help: 'Work refused before it started because too much of its kind was running (503 + Retry-After)', labelNames: ['where', 'kind'], registers: [metricsRegistry] });
export const rateLimitRefusals = new Counter({ name: 'fuel_rate_limit_refusals_total', help: 'Requests refused by a rate limit', labelNames: ['limit'], registers: [metricsRegistry] });
export const reconciliationRepairs = new Counter({ name: 'fuel_reconciliation_repairs_total', help: 'Payments and refunds reconciliation had to repair, by kind', labelNames: ['repair'], registers: [metricsRegistry] });
export const liveChannelFrames = new Counter({ name: 'fuel_live_channel_frames_total', help: 'Frames sent to live price channel clients', registers: [metricsRegistry] });

/** A gauge read when scraped (a count in the database, a figure another module keeps). */
export function gaugeOnScrape(name: string, help: string, read: () => Promise<Array<{ labels?: Record<string, string>; value: number }>> | Array<{ labels?: Record<string, string>; value: number }>, labelNames: string[] = []): void {
  if (metricsRegistry.getSingleMetric(name)) metricsRegistry.removeSingleMetric(name);
  new Gauge({
    name,
    help,
    labelNames,
    registers: [metricsRegistry],
    async collect() {
      this.reset();
      for (const { labels, value } of await read()) {
        if (labels) this.set(labels, value);
        else this.set(value);
      }
    },
  });
}
