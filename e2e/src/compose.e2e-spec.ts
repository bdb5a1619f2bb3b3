import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { DEV_LOGISTICS_KEY } from '@fuel/devkit';
import { repoRoot } from './platform.js';
import { checkConfig, PRODUCTION_SECRETS as SECRETS } from './production-config.js';



type RenderedService = { environment: Record<string, string>; command?: string[] };
const APP_SERVICES = ['user', 'order', 'payment', 'map', 'gateway-1', 'gateway-2'];

function composeConfig(env: Record<string, string>) {
  const [command, ...prefix] = (process.env.COMPOSE_CLI ?? 'docker compose').split(' ');
  return spawnSync(command, [...prefix, '-f', 'docker-compose.yml', 'config'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
  });
}

describe('docker-compose.yml (validated by compose config)', () => {
  it('is valid and wires Nacos, the MySQL primary and replica and Redis into every service', () => {
    const result = composeConfig(SECRETS);
    assert.equal(result.status, 0, result.stderr);
    const config = parse(result.stdout) as { services: Record<string, { environment: Record<string, string>; command?: string[] }> };
    assert.deepEqual(Object.keys(config.services).sort(), ['audit-grants', 'edge', 'gateway-1', 'gateway-2', 'map', 'mysql-primary', 'mysql-replica', 'nacos', 'order', 'payment', 'redis', 'user']);
    for (const name of ['user', 'order', 'payment', 'map']) {
      const env = config.services[name].environment;
      assert.equal(env.NACOS_SERVER_ADDR, 'nacos:8848');
      assert.equal(env.REDIS_URL, 'redis://redis:6379');
      assert.match(env.DATABASE_URL, new RegExp(`@mysql-primary:3306/fuel_${name}$`));
      assert.match(env.DATABASE_REPLICA_URL, new RegExp(`@mysql-replica:3306/fuel_${name}$`));
      assert.equal(env.NODE_ENV, 'production');
    }
    for (const name of ['gateway-1', 'gateway-2']) {
      const env = config.services[name].environment;
      assert.deepEqual([env.NACOS_SERVER_ADDR, env.REDIS_URL, env.TRUST_PROXY], ['nacos:8848', 'redis://redis:6379', '10.0.0.0/8,172.16.0.0/12,192.168.0.0/16']);
      assert.deepEqual(config.services[name].command, ['node', 'services/gateway/dist/bundle/main.mjs']);
    }
    // every provider points at the real endpoint in production, never a stand-in
    assert.equal(config.services.user.environment.WECHAT_API_BASE, 'https://api.weixin.qq.com');
    assert.equal(config.services.user.environment.ALIPAY_GATEWAY, 'https://openapi.alipay.com/gateway.do');
    assert.equal(config.services.map.environment.BAIDU_MAP_ENDPOINT, 'https://api.map.baidu.com');
    assert.equal(config.services.order.environment.BACKOFFICE_MASTER_KEY, 'c'.repeat(64));
    assert.equal(config.services.payment.environment.ALIPAY_GATEWAY, 'https://openapi.alipay.com/gateway.do');
    assert.equal(config.services.payment.environment.WECHATPAY_API_BASE, 'https://api.mch.weixin.qq.com');
    assert.equal(config.services.payment.environment.WECHATPAY_NOTIFY_URL, 'https://fuel.example.cn/api/v1/payments/wechat/notify');
    assert.equal(config.services.payment.environment.ALIPAY_NOTIFY_URL, 'https://fuel.example.cn/api/v1/payments/alipay/notify');
    assert.ok(config.services['mysql-replica'].command?.includes('--read-only=ON'));
  });

  it('writes the staff audit log through an account that may only INSERT and SELECT on that table', () => {
    const config = parse(composeConfig(SECRETS).stdout) as { services: Record<string, { environment: Record<string, string>; depends_on?: Record<string, unknown>; volumes?: Array<{ source: string }> }> };
    assert.match(config.services.user.environment.AUDIT_DATABASE_URL!, /^mysql:\/\/svc_user_audit:[^@]+@mysql-primary:3306\/fuel_user$/);
    assert.ok(config.services['audit-grants'].depends_on?.user, 'granted once the user service has made the table');
    const grants = readFileSync(join(repoRoot, 'infra/mysql/audit-writer.sql'), 'utf8').split('\n').filter((line) => /^\s*GRANT/i.test(line));
    assert.deepEqual(grants, ["GRANT INSERT, SELECT ON fuel_user.staff_audit_log TO 'svc_user_audit'@'%';"]);
    const init = readFileSync(join(repoRoot, 'infra/mysql/primary-init.sql'), 'utf8');
    assert.match(init, /CREATE USER IF NOT EXISTS 'svc_user_audit'@'%'/);
    assert.doesNotMatch(init, /GRANT [^;]* TO 'svc_user_audit'/, 'no other rights for the audit writer');
  });

  it('gives every service and gateway an environment its production start accepts', () => {
    const config = parse(composeConfig(SECRETS).stdout) as { services: Record<string, RenderedService> };
    for (const name of APP_SERVICES) {
      assert.equal(config.services[name]!.environment.OPS_PORT, '9100', name);
      assert.match((config.services[name] as unknown as { healthcheck: { test: string[] } }).healthcheck.test.join(' '), /127\.0\.0\.1:9100\/readyz/, name);
      const result = checkConfig(config.services[name]!.command![1]!, config.services[name]!.environment);
      assert.equal(result.status, 0, `${name}: ${result.stderr}`);
      assert.match(result.stdout, /configuration OK/);
    }
  });

  it('a service left on a development value would refuse to start, naming each variable', () => {
    const config = parse(composeConfig(SECRETS).stdout) as { services: Record<string, RenderedService> };
    const order = config.services.order!;
    const { LOGISTICS_API_BASE, LOGISTICS_KEY, LOGISTICS_CALLBACK_URL, ...withoutLogistics } = order.environment;
    assert.ok(LOGISTICS_API_BASE && LOGISTICS_KEY && LOGISTICS_CALLBACK_URL);
    const result = checkConfig(order.command![1]!, { ...withoutLogistics, LOGISTICS_KEY: DEV_LOGISTICS_KEY });
    assert.equal(result.status, 78);
    assert.match(result.stderr, /LOGISTICS_API_BASE: http:\/\/127\.0\.0\.1:4015 is a local stand-in/);
    assert.match(result.stderr, /LOGISTICS_KEY: the development value must not be used in production/);
    assert.match(result.stderr, /LOGISTICS_CALLBACK_URL: the provider calls this URL: it must be https/);
    const missing = checkConfig(order.command![1]!, { ...order.environment, LOGISTICS_KEY: '' });
    assert.equal(missing.status, 78, 'a credential has no default to fall back on');
    assert.match(missing.stderr, /LOGISTICS_KEY:/);
    const payment = config.services.payment!;
    const plainHttp = checkConfig(payment.command![1]!, { ...payment.environment, WECHATPAY_NOTIFY_URL: 'http://fuel.example.cn/api/v1/payments/wechat/notify', SEED_DEMO: 'true' });
    assert.equal(plainHttp.status, 78);
    assert.match(plainHttp.stderr, /WECHATPAY_NOTIFY_URL: the provider calls this URL: it must be https/);
    assert.match(plainHttp.stderr, /SEED_DEMO/);
    assert.doesNotMatch(plainHttp.stderr, /at .+\.js:\d+/, 'no stack trace');
  });

  it('refuses to render without the production secrets, naming the missing one', () => {
    const result = composeConfig({});
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /JWT_SECRET|FIELD_|SMS_/);
  });

  it('puts two gateways behind the TLS terminator: HTTPS and WSS on 443 only, HTTP redirected, client addresses passed on', () => {
    const config = parse(composeConfig(SECRETS).stdout) as { services: Record<string, { ports?: Array<{ published: string | number; target: number }>; volumes?: Array<{ source: string; target: string } | string>; expose?: string[] }> };
    const edge = config.services.edge!;
    assert.deepEqual(edge.ports!.map((p) => [Number(p.published), p.target]).sort(), [[443, 443], [80, 80]]);
    for (const name of ['gateway-1', 'gateway-2']) assert.equal(config.services[name]!.ports, undefined, `${name} is reached through the edge only`);
    // Compose v2 renders volumes as objects, Debian's docker-compose 1 as "source:target:mode" strings.
    const mounts = (edge.volumes as Array<{ source: string; target: string } | string>).map((v) => (typeof v === 'string' ? v.split(':').slice(0, 2).join(' -> ') : `${v.source} -> ${v.target}`));
    assert.ok(mounts.some((m) => m.endsWith('infra/nginx/nginx.conf -> /etc/nginx/nginx.conf')), mounts.join(', '));
    const nginx = readFileSync(join(repoRoot, 'infra/nginx/nginx.conf'), 'utf8');
    assert.match(nginx, /server gateway-1:3000[^;]*;\s*server gateway-2:3000/);
    assert.match(nginx, /ssl_protocols TLSv1\.2 TLSv1\.3;/);
    assert.match(nginx, /listen 80;\s*return 301 https:/);
    assert.match(nginx, /location \/ws\/ \{[^}]*proxy_set_header Upgrade \$http_upgrade;/);
    assert.match(nginx, /X-Forwarded-For \$remote_addr;/, 'the edge replaces what a client sent');
    assert.match(nginx, /Strict-Transport-Security/);
  });
});
