import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import WebSocket from 'ws';
import { chromium } from 'playwright-core';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createConnection } from 'mysql2/promise';
import { createThrowawayDatabase, freePort, freePortRun, TEST_REDIS_URL, uniqueRedisPrefix, type ThrowawayDatabase } from '@fuel/devkit/testing';
import { isPortOpen, repoRoot, waitFor } from './platform.js';

/** Free ports for everything `npm start` listens on, as its environment variables. */
async function startPorts() {
  const [gatewayPort, h5Port, smsPort, baiduPort, wechatPort, alipayPort, wechatPayPort, wsPort, rpcBase, logisticsPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort(), await freePort(), await freePort(), await freePort(), await freePortRun(4), await freePort()];
  const env = { PORT: String(gatewayPort), H5_PORT: String(h5Port), STANDIN_SMS_PORT: String(smsPort), STANDIN_BAIDU_PORT: String(baiduPort), STANDIN_WECHAT_PORT: String(wechatPort), STANDIN_ALIPAY_PORT: String(alipayPort), STANDIN_WECHATPAY_PORT: String(wechatPayPort), STANDIN_LOGISTICS_PORT: String(logisticsPort), MAP_WS_PORT: String(wsPort), RPC_PORT_BASE: String(rpcBase) };
  return { gatewayPort, h5Port, smsPort, baiduPort, wechatPort, alipayPort, wechatPayPort, wsPort, rpcBase, logisticsPort, env, all: [gatewayPort, h5Port, smsPort, baiduPort, wechatPort, alipayPort, wechatPayPort, wsPort, rpcBase, rpcBase + 1, rpcBase + 2, rpcBase + 3] };
}

type Health = { status: string; services: Record<string, { status: string; database: { type: string }; hotStore: { type: string }; registry: string }> };

/** Every `npm start` this file ran: killed (whole process group) after each suite, whatever failed. */
const spawned: ChildProcess[] = [];
function killSpawned(): void {
  for (const child of spawned.splice(0)) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Runs `npm start` in its own process group and waits for health 200 and the banner. */
async function npmStart(env: NodeJS.ProcessEnv, gatewayPort: number, output: string[]): Promise<{ npm: ChildProcess; health: Health; startedMs: number }> {
  const started = Date.now();
  const npm = spawn('npm', ['start'], { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  spawned.push(npm);
  npm.stdout?.on('data', (c: Buffer) => output.push(c.toString()));
  npm.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
  let health: Health | undefined;
  await waitFor(
    async () => {
      if (npm.exitCode !== null) throw new Error(`npm start exited early:\n${output.join('').split('\n').filter((line) => /exited \(|\[start\]|Error|EADDRINUSE/.test(line)).slice(-20).join('\n')}\n…\n${output.join('').slice(-1500)}`);
      try {
        const response = await fetch(`http://127.0.0.1:${gatewayPort}/api/v1/health`);
        if (response.status !== 200) return false;
        health = (await response.json()) as Health;
        return true;
      } catch {
        return false;
      }
    },
    90_000,
    'GET /api/v1/health to answer 200',
  );
  const startedMs = Date.now() - started;
  await waitFor(() => /platform is up/.test(output.join('')), 30_000, 'the start banner').catch((error: Error) => {
    throw new Error(`${error.message}:\n${output.join('').slice(-2000)}`);
  });
  return { npm, health: health!, startedMs };
}

/** Ctrl-C as a terminal sends it; waits until npm and every child are gone and the ports closed. */
async function stopNpm(npm: ChildProcess, output: string[], ports: number[]): Promise<void> {
  const exited = new Promise<[number | null, string | null]>((resolve) => npm.once('exit', (code, signal) => resolve([code, signal])));
  process.kill(-npm.pid!, 'SIGINT');
  const [code, signal] = await exited;
  assert.ok(code === 0 || signal === 'SIGINT', `npm ended with ${code ?? signal}`);
  await waitFor(() => /\[start\] stopped/.test(output.join('')), 20_000, 'the start script to stop its children');
  for (const port of ports) await waitFor(async () => !(await isPortOpen(port)), 15_000, `port ${port} to close`);
}

describe('npm start (embedded defaults: no MySQL, Redis or Nacos)', () => {
  let npm: ChildProcess | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'fuel-start-'));
  const output: string[] = [];

  after(() => {
    killSpawned();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers health with 200 and all four services up within 90 s, serves the H5 page (seen in Chromium), and stops cleanly on Ctrl-C', async () => {
    const { gatewayPort, h5Port, smsPort, all, env: portsEnv } = await startPorts();
    const env: NodeJS.ProcessEnv = { ...process.env, ...portsEnv, EMBEDDED_DATA_DIR: dataDir, SIMULATOR_INTERVAL_MS: '500' };
    for (const name of Object.keys(env)) if (/DATABASE_URL|REDIS_URL|NACOS_SERVER_ADDR/.test(name)) delete env[name];
    const started = await npmStart(env, gatewayPort, output);
    npm = started.npm;
    const health = started.health;
    assert.ok(started.startedMs < 90_000);
    assert.equal(health!.status, 'ok');
    for (const name of ['user', 'order', 'payment', 'map']) {
      assert.equal(health!.services[name].status, 'up');
      assert.equal(health!.services[name].database.type, 'sqljs');
      assert.equal(health!.services[name].hotStore.type, 'memory');
      assert.equal(health!.services[name].registry, 'static');
    }
    const stations = (await (await fetch(`http://127.0.0.1:${gatewayPort}/api/v1/stations?pageSize=100`)).json()) as { total: number };
    assert.ok(stations.total >= 30, 'demo stations loaded');
    // The banner names what the services report they run on.
    assert.match(output.join(''), /Databases +user SQLite \(.*user\.sqlite\); order SQLite/);
    assert.match(output.join(''), /Cache, discovery +in-process cache; static addresses/);
    await waitFor(() => /inventory synced/.test(output.join('')), 30_000, 'the till simulator’s first count, through the inventory sync API');
    // Without Redis the gateway tunnels /ws/prices to the map service: a snapshot, then the simulator's changes.
    const live = new WebSocket(`ws://127.0.0.1:${gatewayPort}/ws/prices`);
    const frames: Array<{ type: string; stationId?: number }> = [];
    live.on('message', (data) => frames.push(JSON.parse(data.toString())));
    await new Promise((resolve, reject) => live.once('open', resolve).once('error', reject));
    live.send(JSON.stringify({ type: 'subscribe', stationIds: Array.from({ length: stations.total }, (_, i) => i + 1) }));
    await waitFor(() => frames.some((f) => f.type === 'snapshot') && frames.some((f) => f.type === 'price'), 15_000, 'a snapshot and a simulated price change');
    live.close();
    const page = await fetch(`http://127.0.0.1:${h5Port}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<html lang="zh-CN"/);
    const proxied = await fetch(`http://127.0.0.1:${h5Port}/api/v1/health`);
    assert.equal(proxied.status, 200, 'H5 server forwards /api to the gateway');

    // What a person sees: the H5 build in headless Chromium, listing stations with live prices.
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const tab = await browser.newPage({ viewport: { width: 414, height: 800 } });
      await tab.goto(`http://127.0.0.1:${h5Port}/`);
      // With no position from the browser, the home screen says so and lists the stations around the city centre.
      await tab.getByText('未获取到您的位置').waitFor({ timeout: 15_000 });
      await tab.locator('.station-card').first().waitFor({ timeout: 15_000 });
      await tab.getByText(/附近 3 公里内 \d+ 座加油站/).waitFor({ timeout: 15_000 });
    } finally {
      await browser.close();
    }

    // The staff entry on the embedded setup: a manager signs in with the SMS code, reads the stock, signs out.
    const post = (path: string, body: unknown, token?: string) => fetch(`http://127.0.0.1:${gatewayPort}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    const login = (await (await post('/api/v1/staff/auth/login', { username: 'manager.cd-jj-01', password: 'Fuel@2026' })).json()) as { challengeId: string };
    const sms = (await (await fetch(`http://127.0.0.1:${smsPort}/_standin/messages?phone=13800000002`)).json()) as Array<{ params: { code: string } }>;
    const staff = (await (await post('/api/v1/staff/auth/verify', { challengeId: login.challengeId, code: sms.at(-1)!.params.code })).json()) as { accessToken: string };
    const stock = await fetch(`http://127.0.0.1:${gatewayPort}/api/v1/staff/stations/1/inventory`, { headers: { authorization: `Bearer ${staff.accessToken}` } });
    assert.equal(stock.status, 200);
    assert.equal((await post('/api/v1/staff/auth/logout', {}, staff.accessToken)).status, 200);

    await stopNpm(npm, output, all);
    // The audit chain of the embedded data holds: the sign-in steps and the sign-out, checked by `npm run audit:verify`.
    const verify = spawnSync('npm', ['run', '--silent', 'audit:verify'], { cwd: repoRoot, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', USER_DATABASE_URL: '' }, encoding: 'utf8' });
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /audit chain intact: ([3-9]|\d{2,}) records/);
    // And the whole platform's consistency on the embedded data: `npm run verify`.
    const consistent = spawnSync('npm', ['run', '--silent', 'verify'], { cwd: repoRoot, env: { ...process.env, DATA_DIR: dataDir, USER_DATABASE_URL: '', ORDER_DATABASE_URL: '', PAYMENT_DATABASE_URL: '', MAP_DATABASE_URL: '' }, encoding: 'utf8' });
    assert.equal(consistent.status, 0, consistent.stdout + consistent.stderr);
  });
});

describe('npm start on real servers (MariaDB, Redis and Nacos from the environment)', () => {
  let npm: ChildProcess | undefined;
  const output: string[] = [];
  const databases: ThrowawayDatabase[] = [];
  const prefix = uniqueRedisPrefix('start');

  after(async () => {
    killSpawned();
    for (const database of databases) await database.drop();
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('runs the same platform on them, and its banner says so', async () => {
    const { gatewayPort, all, env: portsEnv } = await startPorts();
    const urls: Record<string, string> = {};
    for (const name of ['user', 'order', 'payment', 'map']) {
      const database = await createThrowawayDatabase(`start_${name}`);
      databases.push(database);
      urls[`${name.toUpperCase()}_DATABASE_URL`] = database.url;
    }
    const nacos = process.env.TEST_NACOS_ADDR ?? '127.0.0.1:18848';
    const env: NodeJS.ProcessEnv = { ...process.env, ...portsEnv, ...urls, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, NACOS_SERVER_ADDR: nacos, NACOS_GROUP: `e2e-start-${randomBytes(3).toString('hex')}`, START_SKIP_BUILD: '1', SIMULATOR_INTERVAL_MS: '1000' };
    const started = await npmStart(env, gatewayPort, output);
    npm = started.npm;
    const health = started.health;
    for (const name of ['user', 'order', 'payment', 'map']) {
      assert.deepEqual([health.services[name].status, health.services[name].database.type, health.services[name].hotStore.type, health.services[name].registry], ['up', 'mysql', 'redis', 'nacos'], name);
    }
    const banner = output.join('');
    assert.match(banner, /Databases +user MySQL\/MariaDB; order MySQL\/MariaDB; payment MySQL\/MariaDB; map MySQL\/MariaDB/);
    assert.match(banner, /Cache, discovery +Redis; Nacos/);
    // A member signs in and the stations are there, on MariaDB.
    const login = await fetch(`http://127.0.0.1:${gatewayPort}/api/v1/auth/wechat/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'dev-start-real' }) });
    assert.equal(login.status, 200);
    const db = await createConnection(urls.MAP_DATABASE_URL!);
    try {
      const [rows] = await db.query('SELECT COUNT(*) AS n FROM stations');
      assert.ok(Number((rows as Array<{ n: number }>)[0]!.n) >= 30, 'demo stations in MariaDB');
    } finally {
      await db.end();
    }
    await stopNpm(npm!, output, all);
    const consistent = spawnSync('npm', ['run', '--silent', 'verify'], { cwd: repoRoot, env: { ...process.env, ...urls }, encoding: 'utf8' });
    assert.equal(consistent.status, 0, consistent.stdout + consistent.stderr);
  });
});
