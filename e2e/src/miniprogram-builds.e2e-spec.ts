/**
 * The mini-program builds for every platform: WeChat and Alipay are built here (H5 is built by `npm run build`),
 * their output is checked for what a mini-program runtime would refuse (a page or component file missing), and
 * the H5 bundle is checked to carry no server code (the browser-safe `@fuel/shared/client` entry).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from './platform.js';

const app = join(repoRoot, 'apps', 'miniprogram');
const taro = join(app, 'node_modules', '.bin', 'taro');

interface AppJson {
  pages: string[];
  subPackages?: Array<{ root: string; pages: string[] }>;
  tabBar?: { list: Array<{ pagePath: string; iconPath?: string; selectedIconPath?: string }> };
}

const TEMPLATE_EXT = { weapp: 'wxml', alipay: 'axml' } as const;

/** A build's environment: this process's, without its release settings, in production mode, plus `env`. */
function buildEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = { ...process.env };
  delete inherited.API_BASE;
  delete inherited.DEPLOY_ENV;
  return { ...inherited, NODE_ENV: 'production', ...env };
}

function runTaroBuild(platform: 'weapp' | 'alipay', env: Record<string, string> = {}) {
  return spawnSync(taro, ['build', '--type', platform], { cwd: app, encoding: 'utf8', env: buildEnv(env), timeout: 240_000 });
}

/**
 * The package's `build:<platform>` through turbo, as the H5 bundle is built: with the machine's build cache, a commit
 * whose mini-program inputs (its files, its dependencies' builds, API_BASE, DEPLOY_ENV, NODE_ENV) were built before
 * restores that output instead of building it again; anything changed builds.
 */
function build(platform: 'weapp' | 'alipay' | 'h5-release', env: Record<string, string> = {}): string {
  // From an empty folder: what an earlier build or a cache restore left there is not this build's output.
  rmSync(join(app, 'dist', platform), { recursive: true, force: true });
  const turbo = [join(repoRoot, 'scripts', 'pnpm.mjs'), 'exec', 'turbo', 'run', `build:${platform}`, '--filter=@fuel/miniprogram', '--output-logs=errors-only'];
  const result = spawnSync(process.execPath, turbo, { cwd: repoRoot, encoding: 'utf8', env: buildEnv(env), timeout: 240_000 });
  assert.equal(result.status, 0, `taro build ${platform} failed:\n${(result.stdout + result.stderr).slice(-4000)}`);
  return join(app, 'dist', platform);
}

/**
 * What a release build must not contain: the development sign-in and its test accounts, simulated authorisation or
 * payment, the stand-ins' paths, a local gateway, the placeholder service hotline.
 */
const DEVELOPMENT_ONLY = [/开发环境/, /开发测试/, /测试账号/, /模拟(授权|支付|微信)/, /\/_standin\//, /localhost:\d/, /127\.0\.0\.1/, /dev-\$\{|"dev-"/, /400-000-0000/];

function developmentTextIn(out: string): string[] {
  return ['.js', '.html', '.json', '.wxml', '.axml'].flatMap((suffix) => filesUnder(out, suffix)).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return DEVELOPMENT_ONLY.filter((pattern) => pattern.test(text)).map((pattern) => `${file.slice(out.length + 1)}: ${pattern}`);
  });
}

const RELEASE_GATEWAY = 'https://api.fuel.example.cn';

/** Every page of app.json (main package and sub-packages) with its js, json and template, every component it uses, and the files the pages name by path. */
function checkStructure(out: string, platform: 'weapp' | 'alipay'): string[] {
  const problems: string[] = [];
  const appJson = JSON.parse(readFileSync(join(out, 'app.json'), 'utf8')) as AppJson;
  const pages = [...appJson.pages, ...(appJson.subPackages ?? []).flatMap((p) => p.pages.map((page) => posix.join(p.root, page)))];
  assert.ok(pages.length >= 6, `app.json lists ${pages.length} pages`);
  const checkComponentFiles = (base: string, what: string) => {
    for (const ext of ['js', 'json', TEMPLATE_EXT[platform]]) if (!existsSync(join(out, `${base}.${ext}`))) problems.push(`${what}: ${base}.${ext} missing`);
  };
  for (const page of pages) {
    checkComponentFiles(page, `page ${page}`);
    const pageJson = join(out, `${page}.json`);
    if (!existsSync(pageJson)) continue;
    const usingComponents = (JSON.parse(readFileSync(pageJson, 'utf8')) as { usingComponents?: Record<string, string> }).usingComponents ?? {};
    for (const [name, path] of Object.entries(usingComponents)) {
      if (path.startsWith('plugin://')) continue;
      const base = path.startsWith('/') ? path.slice(1) : posix.join(posix.dirname(page), path);
      checkComponentFiles(base, `component <${name}> of ${page}`);
    }
  }
  for (const file of ['static/stations/1-front.png', 'assets/marker.png']) if (!existsSync(join(out, file))) problems.push(`${file} missing`);
  // The attendant console's sounds (platform-mini.ts plays them): WAV files a phone can play.
  for (const sound of ['new-order', 'done', 'refused']) {
    const file = join(out, 'assets', 'sounds', `${sound}.wav`);
    const head = existsSync(file) ? readFileSync(file).subarray(0, 12).toString('latin1') : '';
    if (!head.startsWith('RIFF') || !head.endsWith('WAVE')) problems.push(`sound ${sound}.wav missing or not a WAV file`);
  }
  for (const item of appJson.tabBar?.list ?? []) {
    if (!pages.includes(item.pagePath)) problems.push(`tab bar page ${item.pagePath} is not a page`);
    if (appJson.pages.indexOf(item.pagePath) < 0) problems.push(`tab bar page ${item.pagePath} must be in the main package`);
    for (const icon of [item.iconPath, item.selectedIconPath]) if (icon && !existsSync(join(out, icon))) problems.push(`tab bar icon ${icon} missing`);
  }
  return problems;
}

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(suffix))
    .map((f) => join(dir, f));
}

describe('mini-program builds', () => {
  it("a release build without the gateway's https URL stops, naming API_BASE", () => {
    const missing = runTaroBuild('weapp', { DEPLOY_ENV: 'production' });
    assert.notEqual(missing.status, 0);
    assert.match(missing.stdout + missing.stderr, /API_BASE: a release build needs the gateway's https URL/);
    const plainHttp = runTaroBuild('alipay', { DEPLOY_ENV: 'production', API_BASE: 'http://localhost:3000' });
    assert.notEqual(plainHttp.status, 0);
    assert.match(plainHttp.stdout + plainHttp.stderr, /API_BASE: a release build calls the gateway over https/);
  });

  it('builds a WeChat release, and every page, component and tab icon app.json names is in the output', () => {
    const out = build('weapp', { DEPLOY_ENV: 'production', API_BASE: RELEASE_GATEWAY });
    assert.deepEqual(checkStructure(out, 'weapp'), []);
    const bundle = filesUnder(out, '.js').map((file) => readFileSync(file, 'utf8')).join('\n');
    assert.ok(bundle.includes(RELEASE_GATEWAY), 'the gateway URL is built in');
    assert.deepEqual(developmentTextIn(out), [], 'no development text in the WeChat release');
  });

  it('builds an Alipay release, and every page, component and tab icon app.json names is in the output', () => {
    const out = build('alipay', { DEPLOY_ENV: 'production', API_BASE: RELEASE_GATEWAY });
    assert.deepEqual(checkStructure(out, 'alipay'), []);
    assert.deepEqual(developmentTextIn(out), [], 'no development text in the Alipay release');
  });

  it('builds an H5 release with no development sign-in, simulated payment or stand-in in it (the tests use a development build)', () => {
    const out = build('h5-release', { DEPLOY_ENV: 'production', OUTPUT_ROOT: 'dist/h5-release' });
    assert.ok(existsSync(join(out, 'index.html')));
    assert.deepEqual(developmentTextIn(out), []);
    // The development build the browser suites use does carry them: the check can find what it looks for.
    assert.notDeepEqual(developmentTextIn(join(app, 'dist', 'h5')), []);
  });

  it('the H5 bundle contains no Nest, TypeORM, database, Redis or Node built-in code', () => {
    const h5 = join(app, 'dist', 'h5');
    assert.ok(existsSync(join(h5, 'index.html')), 'H5 build present (npm run build)');
    const scripts = filesUnder(h5, '.js');
    assert.ok(scripts.length > 0);
    const forbidden = [/@nestjs\//, /typeorm/i, /\bmysql2\b/, /\bioredis\b/, /reflect-metadata/, /require\(["']node:/, /from ["']node:/, /require\(["'](fs|net|crypto|child_process|http)["']\)/, /\bsql\.js\b/, /zod/];
    const found = scripts.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return forbidden.filter((pattern) => pattern.test(text)).map((pattern) => `${file.slice(h5.length + 1)}: ${pattern}`);
    });
    assert.deepEqual(found, []);
    assert.ok(existsSync(join(h5, 'static', 'stations', '1-front.png')), 'station photos copied next to the page');
  });
});
