// Benchmark P3: the H5 home screen in headless Chromium on localhost, cold cache (a new browser context per run):
// time to first contentful paint, and time until the station list shows real prices; against a bare Taro hello
// page built with the same config (apps/miniprogram/bench/bare) in the same run. Median of RUNS. Also the gzip
// size of the main bundle (what index.html loads) and of everything the home screen loads.
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { freePort } from '@fuel/devkit/testing';
import { repoRoot } from '@fuel/e2e/platform';
import { startH5Server } from '../scripts/lib/h5-server.mjs';

const RUNS = Number(process.env.BENCH_APP_RUNS ?? 10);
const app = join(repoRoot, 'apps', 'miniprogram');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

function buildBare() {
  // The same HTML page as the app (Taro reads it from the source folder).
  copyFileSync(join(app, 'src', 'index.html'), join(app, 'bench', 'bare', 'index.html'));
  const result = spawnSync(join(app, 'node_modules', '.bin', 'taro'), ['build', '--type', 'h5'], { cwd: app, env: { ...process.env, BARE_PAGE: '1', NODE_ENV: 'production' }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`bare page build failed:\n${result.stdout}${result.stderr}`);
}

/** One cold load: a fresh context (empty cache), the driver's position granted. */
async function load(browser, url, root, readySelector) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, geolocation: { latitude: 30.6405, longitude: 104.0965 }, permissions: ['geolocation'] });
  const page = await context.newPage();
  const assets = new Set();
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (/\.(js|css)$/.test(pathname)) assets.add(pathname.slice(1));
  });
  await page.goto(url);
  await page.waitForSelector(readySelector, { timeout: 30_000 });
  const readyMs = await page.evaluate(() => performance.now());
  const fcpMs = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const entry = performance.getEntriesByName('first-contentful-paint')[0];
        if (entry) return resolve(entry.startTime);
        new PerformanceObserver((list) => resolve(list.getEntries()[0].startTime)).observe({ type: 'paint', buffered: true });
      }),
  );
  await context.close();
  return { fcpMs, readyMs, loadedGzip: gzipOf(root, [...assets]) };
}

const gzipOf = (root, files) => files.reduce((sum, file) => sum + gzipSync(readFileSync(join(root, file))).length, 0);

/** gzip size of the scripts and stylesheets index.html itself references (the main bundle). */
function entryGzip(root) {
  const html = readFileSync(join(root, 'index.html'), 'utf8');
  return gzipOf(root, [...html.matchAll(/(?:src|href)="\.\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]));
}

export async function benchAppPaint(platform, rows) {
  buildBare();
  const servers = [];
  const serve = async (root) => {
    const port = await freePort();
    servers.push(await startH5Server({ root, port, gatewayPort: platform.gatewayPort }));
    return `http://127.0.0.1:${port}/`;
  };
  const appRoot = join(app, 'dist', 'h5');
  const bareRoot = join(app, 'dist', 'h5-bare');
  const appUrl = await serve(appRoot);
  const bareUrl = await serve(bareRoot);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  try {
    // One unmeasured load each: the servers and the platform's caches warm, as in a running system.
    await load(browser, appUrl, appRoot, '.station-card .price-tag__amount');
    await load(browser, bareUrl, bareRoot, 'text=你好，加油站');
    const ours = [];
    const bare = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(await load(browser, appUrl, appRoot, '.station-card .price-tag__amount'));
      bare.push(await load(browser, bareUrl, bareRoot, 'text=你好，加油站'));
    }
    const fcp = median(ours.map((r) => r.fcpMs));
    const bareFcp = median(bare.map((r) => r.fcpMs));
    const prices = median(ours.map((r) => r.readyMs));
    rows.push({
      benchmark: `H5 home, first contentful paint (cold cache, median of ${RUNS})`,
      ours: `${fcp.toFixed(0)} ms`,
      baseline: `bare Taro page ${bareFcp.toFixed(0)} ms`,
      target: '≤ 2 × bare and < 1000 ms',
      result: `${(fcp / bareFcp).toFixed(2)} × ${fcp <= 2 * bareFcp && fcp < 1000 ? 'MET' : 'MISSED'}`,
    });
    rows.push({
      benchmark: `H5 home, station list with real prices (cold cache, median of ${RUNS})`,
      ours: `${prices.toFixed(0)} ms`,
      baseline: `bare page content ${median(bare.map((r) => r.readyMs)).toFixed(0)} ms`,
      target: '< 1500 ms',
      result: prices < 1500 ? 'MET' : 'MISSED',
    });
    rows.push({
      benchmark: 'H5 bundle size, gzip',
      ours: `main ${kib(entryGzip(appRoot))}; home screen loads ${kib(median(ours.map((r) => r.loadedGzip)))}`,
      baseline: `bare main ${kib(entryGzip(bareRoot))}`,
      target: 'reported',
      result: '—',
    });
  } finally {
    await browser.close();
    for (const server of servers) server.close();
  }
}
