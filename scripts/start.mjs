// `npm start`: the whole platform on embedded defaults (SQLite files under .data/embedded, in-process cache and
// pub/sub, static service registry), with deterministic demo data. Set DATABASE_URL-style variables per service
// (USER_DATABASE_URL, …), REDIS_URL or NACOS_SERVER_ADDR to use real servers instead. Ctrl-C stops everything.
//
// Ports: PORT (gateway, 3000), H5_PORT (10086), RPC_PORT_BASE (4001: user, order, payment, map follow),
// MAP_WS_PORT (RPC_PORT_BASE + 103), STANDIN_SMS_PORT (4010), STANDIN_BAIDU_PORT (4011),
// STANDIN_WECHAT_PORT (4012), STANDIN_ALIPAY_PORT (4013), STANDIN_WECHATPAY_PORT (4014), STANDIN_LOGISTICS_PORT (4015). EMBEDDED_DATA_DIR moves the SQLite files (default .data/embedded).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { installAndBuild } from './lib/pnpm.mjs';
import { dataDir, repoRoot } from './lib/paths.mjs';
import { startH5Server } from './lib/h5-server.mjs';
import { waitForPort } from './lib/servers.mjs';

const SERVICES = ['user', 'order', 'payment', 'map'];
const gatewayPort = Number(process.env.PORT ?? 3000);
const h5Port = Number(process.env.H5_PORT ?? 10086);
const rpcBase = Number(process.env.RPC_PORT_BASE ?? 4001);
const rpcPort = Object.fromEntries(SERVICES.map((name, i) => [name, rpcBase + i]));
const mapWsPort = Number(process.env.MAP_WS_PORT ?? rpcBase + 103);
const serviceAddresses = [...SERVICES.map((name) => `${name}=127.0.0.1:${rpcPort[name]}`), `map-ws=127.0.0.1:${mapWsPort}`].join(',');

const children = [];
let stopping = false;
/** The development credentials (@fuel/devkit), read once it is built; the services have no default for any. */
let developmentEnv = () => ({});

function launch(name, script, env) {
  const child = spawn(process.execPath, ['--enable-source-maps', script], {
    cwd: repoRoot,
    env: { ...developmentEnv([...SERVICES, 'gateway'].includes(name) ? name : undefined), ...process.env, SERVICE_ADDRESSES: serviceAddresses, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: a terminal's Ctrl-C reaches only this script, which stops the children in order.
    detached: true,
  });
  const prefix = `[${name}]`.padEnd(10);
  const forward = (stream, target) => {
    let buffered = '';
    stream.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop();
      for (const line of lines) target.write(`${prefix} ${line}\n`);
    });
  };
  forward(child.stdout, process.stdout);
  forward(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${prefix} exited (${code ?? signal}); stopping the platform`);
      void stop(1);
    }
  });
  children.push({ name, child });
  return child;
}

async function stop(exitCode = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\n[start] stopping…');
  await Promise.all(
    children.map(
      ({ child }) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', () => {
            clearTimeout(force);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  h5Server?.close();
  console.log('[start] stopped');
  process.exit(exitCode);
}

let h5Server;
// `on`, not `once`: a second Ctrl-C while stopping must not kill this script before its children.
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

/**
 * What the services actually run on, as they report it in the gateway's health (not what this script assumes):
 * each service's database, the hot store and the registry.
 */
async function backendsInUse(port, embedded) {
  let health;
  for (let tries = 0; tries < 60 && !health; tries++) {
    health = await fetch(`http://127.0.0.1:${port}/api/v1/health`).then((r) => (r.ok ? r.json() : undefined), () => undefined);
    if (!health) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (!health) return '  Backends           (health not answering yet)';
  const services = Object.entries(health.services ?? {});
  const database = (name, type) => (type === 'sqljs' ? `${name} SQLite (${join(embedded, `${name}.sqlite`)})` : `${name} ${type === 'mysql' ? 'MySQL/MariaDB' : type}`);
  const hot = [...new Set(services.map(([, s]) => s.hotStore?.type))].map((t) => (t === 'redis' ? 'Redis' : 'in-process cache')).join(', ');
  const registry = [...new Set(services.map(([, s]) => s.registry))].map((r) => (r === 'nacos' ? 'Nacos' : 'static addresses')).join(', ');
  return [`  Databases          ${services.map(([name, s]) => database(name, s.database?.type)).join('; ')}`, `  Cache, discovery   ${hot}; ${registry}`].join('\n');
}

try {
  if (process.env.START_SKIP_BUILD !== '1') installAndBuild();
  ({ developmentEnv } = await import('../libs/devkit/dist/src/index.js'));
  const embedded = process.env.EMBEDDED_DATA_DIR ?? join(dataDir, 'embedded');
  const smsPort = Number(process.env.STANDIN_SMS_PORT ?? 4010);
  const baiduPort = Number(process.env.STANDIN_BAIDU_PORT ?? 4011);
  const wechatPort = Number(process.env.STANDIN_WECHAT_PORT ?? 4012);
  const alipayPort = Number(process.env.STANDIN_ALIPAY_PORT ?? 4013);
  const wechatPayPort = Number(process.env.STANDIN_WECHATPAY_PORT ?? 4014);
  const logisticsPort = Number(process.env.STANDIN_LOGISTICS_PORT ?? 4015);
  // Stand-ins for providers we cannot reach (SMS now; WeChat, Baidu Maps, logistics as they arrive).
  launch('standins', join('libs', 'devkit', 'dist', 'bundle', 'standins.mjs'), { STANDIN_SMS_PORT: String(smsPort), STANDIN_BAIDU_PORT: String(baiduPort), STANDIN_WECHAT_PORT: String(wechatPort), STANDIN_ALIPAY_PORT: String(alipayPort), STANDIN_WECHATPAY_PORT: String(wechatPayPort), STANDIN_LOGISTICS_PORT: String(logisticsPort), STANDIN_LOGISTICS_STEP_MS: process.env.STANDIN_LOGISTICS_STEP_MS ?? '20000' });
  await waitForPort(smsPort, 30_000, 'SMS stand-in');
  await waitForPort(baiduPort, 30_000, 'Baidu Maps stand-in');
  await waitForPort(wechatPort, 30_000, 'WeChat stand-in');
  await waitForPort(alipayPort, 30_000, 'Alipay stand-in');
  await waitForPort(wechatPayPort, 30_000, 'WeChat Pay stand-in');
  await waitForPort(logisticsPort, 30_000, 'logistics stand-in');
  for (const name of SERVICES) {
    launch(name, join('services', name, 'dist', 'bundle', 'main.mjs'), {
      RPC_PORT: String(rpcPort[name]),
      DATA_DIR: embedded,
      SEED_DEMO: 'true',
      DATABASE_URL: process.env[`${name.toUpperCase()}_DATABASE_URL`] ?? '',
      SMS_ENDPOINT: `http://127.0.0.1:${smsPort}/`,
      BAIDU_MAP_ENDPOINT: `http://127.0.0.1:${baiduPort}`,
      WECHAT_API_BASE: `http://127.0.0.1:${wechatPort}`,
      ALIPAY_GATEWAY: `http://127.0.0.1:${alipayPort}/gateway.do`,
      WECHATPAY_API_BASE: `http://127.0.0.1:${wechatPayPort}`,
      WECHATPAY_NOTIFY_URL: `http://127.0.0.1:${gatewayPort}/api/v1/payments/wechat/notify`,
      ALIPAY_NOTIFY_URL: `http://127.0.0.1:${gatewayPort}/api/v1/payments/alipay/notify`,
      LOGISTICS_API_BASE: `http://127.0.0.1:${logisticsPort}`,
      LOGISTICS_CALLBACK_URL: `http://127.0.0.1:${gatewayPort}/api/v1/logistics/kuaidi100/callback`,
      ...(name === 'map' ? { WS_PORT: String(mapWsPort) } : {}),
    });
  }
  // Loopback only: the embedded setup runs with development secrets.
  launch('gateway', join('services', 'gateway', 'dist', 'bundle', 'main.mjs'), { PORT: String(gatewayPort), HOST: process.env.HOST ?? '127.0.0.1' });
  await Promise.all(SERVICES.map((name) => waitForPort(rpcPort[name], 90_000, `${name} service`)));
  await waitForPort(gatewayPort, 90_000, 'gateway');
  launch('simulator', join('libs', 'devkit', 'dist', 'src', 'simulators', 'price-simulator.js'), {
    GATEWAY_URL: `http://127.0.0.1:${gatewayPort}`,
    SIMULATOR_INTERVAL_MS: process.env.SIMULATOR_INTERVAL_MS ?? '5000',
  });
  launch('till', join('libs', 'devkit', 'dist', 'src', 'simulators', 'till-simulator.js'), {
    GATEWAY_URL: `http://127.0.0.1:${gatewayPort}`,
    TILL_INTERVAL_MS: process.env.TILL_INTERVAL_MS ?? '60000',
  });
  const backends = await backendsInUse(gatewayPort, embedded);
  h5Server = await startH5Server({
    root: join(repoRoot, 'apps', 'miniprogram', 'dist', 'h5'),
    port: h5Port,
    gatewayPort,
    wechatPayStandInPort: wechatPayPort,
  });
  console.log(`
[start] 加油站小程序 platform is up
  Mini-program (H5)  http://localhost:${h5Port}/
  Gateway REST API   http://localhost:${gatewayPort}/api/v1   (health: /api/v1/health)
  Live prices (WS)   ws://localhost:${gatewayPort}/ws/prices
  OpenAPI            http://localhost:${gatewayPort}/api/docs
  Services (RPC)     ${serviceAddresses}
  SMS stand-in       http://127.0.0.1:${smsPort}/_standin/messages?phone=13800000001  (codes sent to staff)
  Price simulator    every station's back-office, one change every ${process.env.SIMULATOR_INTERVAL_MS ?? 5000} ms
  Till simulator     stations 1–3 report their counted stock every ${process.env.TILL_INTERVAL_MS ?? 60000} ms (inventory sync API)
${backends}
  Demo logins        README.md (staff: 我的 → 员工入口; \`npm run verify\` checks the data's consistency)
Press Ctrl-C to stop.`);
} catch (error) {
  console.error(`[start] ${error.message}`);
  await stop(1);
}
