/**
 * deploy/kubernetes, checked without a cluster: every variant (base, staging, production) renders with
 * `kubectl kustomize`, every object validates against the Kubernetes schemas (kubernetes-models), and the intent
 * holds: probes on the operations port, a PodDisruptionBudget for every Deployment, the gateway autoscaled, secrets
 * only by reference, non-root and read-only, and a NetworkPolicy graph in which only the gateway is reached from
 * outside, a service takes RPC only from its callers, and only the services reach the databases. Each Deployment's
 * environment of an overlay, with secrets of the right shape, passes the production start's own check.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { repoRoot } from './platform.js';
import { checkConfig, PRODUCTION_SECRETS } from './production-config.js';

const VARIANTS = ['base', 'overlays/staging', 'overlays/production'];
const MODELS: Record<string, { new (data: never): { validate(): void } }> = {
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

/** Who calls whom over RPC (from the code: the gateway calls every service; order and payment call others). */
const RPC_PORTS = { user: 4001, order: 4002, payment: 4003, map: 4004 } as const;
const EXPECTED_CALLS = ['gateway->user:4001', 'gateway->order:4002', 'gateway->payment:4003', 'gateway->map:4004', 'gateway->map:4104', 'order->user:4001', 'order->map:4004', 'order->payment:4003', 'payment->user:4001', 'payment->order:4002'];

type Labels = Record<string, string>;
interface Selector { matchLabels?: Labels; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> }
interface Peer { podSelector?: Selector; namespaceSelector?: Selector; ipBlock?: { cidr: string; except?: string[] } }
interface Rule { from?: Peer[]; to?: Peer[]; ports?: Array<{ port: number }> }
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  data?: Record<string, string>;
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- the schema validation above types it
}

function render(variant: string): K8sObject[] {
  const result = spawnSync(process.env.KUBECTL ?? 'kubectl', ['kustomize', join(repoRoot, 'deploy/kubernetes', variant)], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.status, 0, `kubectl kustomize ${variant}: ${result.stderr}`);
  return parseAllDocuments(result.stdout).map((doc) => doc.toJS() as K8sObject).filter(Boolean);
}

const matches = (selector: Selector | undefined, labels: Labels) =>
  selector !== undefined &&
  Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value) &&
  (selector.matchExpressions ?? []).every((e) => e.operator === 'In' && e.values!.includes(labels[e.key]!));

const portAllowed = (rule: Rule, port: number) => !rule.ports || rule.ports.some((p) => p.port === port);

function podLabels(objects: K8sObject[]): Record<string, Labels> {
  return Object.fromEntries(objects.filter((o) => o.kind === 'Deployment').map((d) => [d.spec.template.metadata.labels['app.kubernetes.io/component'], d.spec.template.metadata.labels]));
}

/** Every pod-to-pod connection the receivers' ingress rules allow, and every one the senders' egress rules allow. */
function allowedCalls(objects: K8sObject[]): { ingress: string[]; egress: string[] } {
  const pods = podLabels(objects);
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const selecting = (labels: Labels, type: 'Ingress' | 'Egress') => policies.filter((p) => p.spec.policyTypes.includes(type) && matches(p.spec.podSelector, labels));
  const fromPod = (peer: Peer, labels: Labels) => !peer.namespaceSelector && !peer.ipBlock && matches(peer.podSelector, labels);
  const ports = [...Object.values(RPC_PORTS), 4104, 3000, 9100];
  const allowed = { ingress: [] as string[], egress: [] as string[] };
  for (const [from, fromLabels] of Object.entries(pods)) {
    for (const [to, toLabels] of Object.entries(pods)) {
      if (from === to) continue;
      for (const port of ports) {
        if (selecting(toLabels, 'Ingress').some((p) => (p.spec.ingress ?? []).some((r: Rule) => portAllowed(r, port) && (r.from ?? []).some((peer) => fromPod(peer, fromLabels))))) allowed.ingress.push(`${from}->${to}:${port}`);
        if (selecting(fromLabels, 'Egress').some((p) => (p.spec.egress ?? []).some((r: Rule) => portAllowed(r, port) && (r.to ?? []).some((peer) => fromPod(peer, toLabels))))) allowed.egress.push(`${from}->${to}:${port}`);
      }
    }
  }
  return allowed;
}

/** What reaches pods from outside the namespace: "<component>:<port> from <namespace>". */
function outsideIngress(objects: K8sObject[]): string[] {
  const pods = podLabels(objects);
  const entries = new Set<string>();
  for (const policy of objects.filter((o) => o.kind === 'NetworkPolicy')) {
    for (const rule of (policy.spec.ingress ?? []) as Rule[]) {
      for (const peer of rule.from ?? []) {
        if (!peer.namespaceSelector && !peer.ipBlock) continue;
        const source = peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] ?? peer.ipBlock?.cidr;
        for (const [component, labels] of Object.entries(pods)) {
          if (matches(policy.spec.podSelector, labels)) for (const port of rule.ports ?? [{ port: 0 }]) entries.add(`${component}:${port.port} from ${source}`);
        }
      }
    }
  }
  return [...entries].sort();
}

/** The components whose egress reaches an address range outside the cluster on this port. */
function egressToAddresses(objects: K8sObject[], port: number): string[] {
  const pods = podLabels(objects);
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy' && o.spec.policyTypes.includes('Egress'));
  return Object.entries(pods)
    .filter(([, labels]) => policies.some((p) => matches(p.spec.podSelector, labels) && (p.spec.egress ?? []).some((r: Rule) => portAllowed(r, port) && (r.to ?? []).some((peer) => peer.ipBlock))))
    .map(([component]) => component)
    .sort();
}

/** A Deployment's environment as its container would see it, with secrets of the right shape filled in. */
function containerEnvironment(objects: K8sObject[], deployment: K8sObject): Record<string, string> {
  const container = deployment.spec.template.spec.containers[0];
  const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === container.envFrom[0].configMapRef.name)!.data!;
  const secrets: Record<string, Record<string, string>> = {
    'fuel-secrets': { ...PRODUCTION_SECRETS, REDIS_URL: 'rediss://:pw@redis.internal.example:6380' },
    'fuel-databases': Object.fromEntries(Object.keys(RPC_PORTS).flatMap((s) => [[`${s}-url`, `mysql://svc_${s}:pw@mysql-primary.internal.example:3306/fuel_${s}`], [`${s}-replica-url`, `mysql://svc_${s}:pw@mysql-replica.internal.example:3306/fuel_${s}`]]).concat([['user-audit-url', 'mysql://svc_user_audit:pw@mysql-primary.internal.example:3306/fuel_user']])),
  };
  const env: Record<string, string> = { ...config };
  for (const item of container.env as Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string }; fieldRef?: unknown } }>) {
    const ref = item.valueFrom?.secretKeyRef;
    env[item.name] = item.value ?? (ref ? secrets[ref.name]![ref.key]! : '10.1.2.3');
    if (ref) assert.ok(secrets[ref.name]?.[ref.key], `${deployment.metadata.name}: ${ref.name}/${ref.key} is a secret the README lists`);
  }
  return env;
}

describe('deploy/kubernetes (kustomize), checked without a cluster', () => {
  const rendered = Object.fromEntries(VARIANTS.map((variant) => [variant, render(variant)]));

  it('renders every variant, and every object validates against the Kubernetes schemas', () => {
    for (const [variant, objects] of Object.entries(rendered)) {
      assert.ok(objects.length >= 20, `${variant}: ${objects.length} objects`);
      for (const object of objects) {
        const Model = MODELS[`${object.apiVersion}/${object.kind}`];
        assert.ok(Model, `${variant}: no schema for ${object.apiVersion} ${object.kind}`);
        assert.doesNotThrow(() => new Model(object as never).validate(), `${variant}: ${object.kind}/${object.metadata.name}`);
      }
      if (variant !== 'base') assert.ok(objects.every((o) => o.metadata.namespace), `${variant}: every object in its namespace`);
    }
    // The schema check itself: a malformed Deployment is refused.
    const broken = structuredClone(rendered.base!.find((o) => o.kind === 'Deployment')!);
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'http';
    assert.throws(() => new Deployment(broken as never).validate());
  });

  it('probes every process on its operations port, drains it before SIGTERM, runs it non-root and read-only, and sizes it', () => {
    for (const [variant, objects] of Object.entries(rendered)) {
      const deployments = objects.filter((o) => o.kind === 'Deployment');
      assert.deepEqual(deployments.map((d) => d.metadata.name).sort(), ['fuel-gateway', 'fuel-map', 'fuel-order', 'fuel-payment', 'fuel-user']);
      for (const deployment of deployments) {
        const where = `${variant} ${deployment.metadata.name}`;
        const pod = deployment.spec.template.spec;
        const [container] = pod.containers;
        assert.equal(container.ports.find((p: { name: string }) => p.name === 'ops')?.containerPort, 9100, where);
        assert.deepEqual([container.startupProbe.httpGet, container.livenessProbe.httpGet, container.readinessProbe.httpGet], [{ path: '/healthz', port: 'ops' }, { path: '/healthz', port: 'ops' }, { path: '/readyz', port: 'ops' }], where);
        assert.deepEqual(container.lifecycle.preStop.httpGet, { path: '/drain', port: 'ops' }, where);
        assert.ok(pod.terminationGracePeriodSeconds >= 5 + 10 + 5, `${where}: drain + shutdown fit the grace period`);
        assert.equal(pod.securityContext.runAsNonRoot, true, where);
        assert.equal(container.securityContext.readOnlyRootFilesystem, true, where);
        assert.equal(container.securityContext.allowPrivilegeEscalation, false, where);
        assert.equal(pod.automountServiceAccountToken, false, where);
        assert.ok(container.resources.requests.cpu && container.resources.requests.memory && container.resources.limits.memory, where);
        const pdb = objects.find((o) => o.kind === 'PodDisruptionBudget' && matches(o.spec.selector, deployment.spec.template.metadata.labels));
        assert.ok(pdb, `${where}: a PodDisruptionBudget`);
      }
      const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler');
      assert.deepEqual(hpa?.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'fuel-gateway' }, variant);
      const ingress = objects.find((o) => o.kind === 'Ingress')!;
      const hosts = ingress.spec.rules.map((r: { host: string }) => r.host);
      assert.deepEqual(ingress.spec.tls[0].hosts, hosts, `${variant}: TLS for every host`);
      const paths = ingress.spec.rules[0].http.paths.map((p: { path: string; backend: { service: { name: string } } }) => `${p.path} -> ${p.backend.service.name}`);
      assert.deepEqual(paths, ['/api/ -> fuel-gateway', '/ws/ -> fuel-gateway'], variant);
    }
  });

  it('holds no secret: secrets come by reference, nothing secret-looking is written in', () => {
    const secretNames = new Set(Object.keys(PRODUCTION_SECRETS).filter((name) => /SECRET|KEY|SALT|CERT/.test(name)));
    for (const [variant, objects] of Object.entries(rendered)) {
      assert.ok(!objects.some((o) => o.kind === 'Secret'), `${variant}: no Secret objects`);
      const text = JSON.stringify(objects);
      assert.doesNotMatch(text, /PRIVATE KEY|BEGIN CERTIFICATE|mysql:\/\/[^"]*:[^"@]*@|redis:\/\/:[^"@]*@/, variant);
      for (const config of objects.filter((o) => o.kind === 'ConfigMap')) {
        const leaked = Object.keys(config.data ?? {}).filter((key) => secretNames.has(key) || /DATABASE_URL|REDIS_URL/.test(key));
        assert.deepEqual(leaked, [], `${variant}: ConfigMap ${config.metadata.name}`);
      }
      for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
        const literal = (deployment.spec.template.spec.containers[0].env as Array<{ name: string; value?: string }>).filter((e) => e.value !== undefined && (secretNames.has(e.name) || /DATABASE_URL|REDIS_URL/.test(e.name)));
        assert.deepEqual(literal, [], `${variant} ${deployment.metadata.name}`);
      }
    }
  });

  it('lets only the gateway in from outside, each service take RPC only from its callers, and only the services reach the databases', () => {
    for (const [variant, objects] of Object.entries(rendered)) {
      const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
      assert.ok(policies.some((p) => Object.keys(p.spec.podSelector).length === 0 && p.spec.policyTypes.length === 2 && !p.spec.ingress && !p.spec.egress), `${variant}: deny by default`);
      const calls = allowedCalls(objects);
      assert.deepEqual(calls.ingress.sort(), [...EXPECTED_CALLS].sort(), `${variant}: what each pod lets in`);
      assert.deepEqual(calls.egress.sort(), [...EXPECTED_CALLS].sort(), `${variant}: what each pod may send`);
      const components = ['gateway', 'map', 'order', 'payment', 'user'];
      assert.deepEqual(outsideIngress(objects), ['gateway:3000 from ingress-nginx', ...components.map((c) => `${c}:9100 from monitoring`)].sort(), variant);
      assert.deepEqual(egressToAddresses(objects, 3306), ['map', 'order', 'payment', 'user'], `${variant}: MySQL`);
      assert.deepEqual(egressToAddresses(objects, 6379), components, `${variant}: Redis`);
    }
  });

  it("gives every process of each overlay an environment its production start accepts", () => {
    for (const variant of ['overlays/staging', 'overlays/production']) {
      const objects = rendered[variant]!;
      for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
        const [, main] = deployment.spec.template.spec.containers[0].command as string[];
        const result = checkConfig(main!, containerEnvironment(objects, deployment));
        assert.equal(result.status, 0, `${variant} ${deployment.metadata.name}: ${result.stderr}`);
      }
    }
  });
});
