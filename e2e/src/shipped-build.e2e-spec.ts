/**
 * What ships. Each service's production deployment is built the way the Dockerfile builds it (`pnpm deploy --prod`:
 * its compiled code, @fuel/shared and its production dependencies), then looked inside: no development kit or
 * operations package, no development credential, no demo data, no stand-in code, and the deployment starts on its
 * own (`--check-config` with a production environment loads every module it has). ESLint's rule that keeps the
 * development kit out of production code is checked here as well.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEMO_PRODUCTS, DEMO_STAFF_PASSWORD, demoStaff, demoStations, developmentValues } from '@fuel/devkit';
import { ESLint } from 'eslint';
import { repoRoot } from './platform.js';
import { checkConfig, PRODUCTION_SECRETS } from './production-config.js';

const DEPLOYMENTS = { gateway: '@fuel/gateway', user: '@fuel/user-service', order: '@fuel/order-service', payment: '@fuel/payment-service', map: '@fuel/map-service' } as const;
type Name = keyof typeof DEPLOYMENTS;

/** What a development value looks like in a file: a PEM by the longest line of its body, anything else whole. */
function needle(value: string): string {
  if (!value.includes('-----BEGIN')) return value;
  return value.split('\n').filter((line) => !line.startsWith('-----')).sort((a, b) => b.length - a.length)[0]!;
}

const FORBIDDEN: Array<{ what: string; text: string }> = [
  ...developmentValues().map(([name, value]) => ({ what: `development value ${name}`, text: needle(value) })),
  { what: 'the demo staff password', text: DEMO_STAFF_PASSWORD },
  { what: 'a demo station', text: demoStations()[0]!.name },
  { what: 'a demo product', text: DEMO_PRODUCTS[0]!.name },
  { what: 'a demo staff account', text: demoStaff()[0]!.username },
  { what: "a stand-in's control routes", text: '/_standin/' },
  { what: 'the stand-in cashier', text: 'cashierPage' },
];

/** Every file of ours in a deployment: the service itself and the injected @fuel/shared, not third-party packages. */
function ourFiles(root: string): string[] {
  const shared = realpathSync(join(root, 'node_modules', '@fuel', 'shared'));
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((entry) => {
      if (entry === 'node_modules') return [];
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  return [...walk(root), ...walk(shared)];
}

function deploy(pkg: string, target: string): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [join(repoRoot, 'scripts/pnpm.mjs'), '--filter', pkg, 'deploy', '--prod', target], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`pnpm deploy ${pkg} failed:\n${stdout}${stderr}`)) : resolve(),
    ),
  );
}

describe('what ships: each service as `pnpm deploy --prod` builds it', () => {
  const root = mkdtempSync(join(tmpdir(), 'fuel-shipped-'));
  const dir = (name: Name) => join(root, name);

  before(async () => {
    // Two at a time: the machine has two cores and each deploy is mostly file copying.
    const names = Object.keys(DEPLOYMENTS) as Name[];
    for (let i = 0; i < names.length; i += 2) await Promise.all(names.slice(i, i + 2).map((name) => deploy(DEPLOYMENTS[name], dir(name))));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('holds neither the development kit nor the operations tools', () => {
    for (const name of Object.keys(DEPLOYMENTS) as Name[]) {
      assert.ok(existsSync(join(dir(name), 'node_modules', '@fuel', 'shared', 'dist', 'src', 'index.js')), `${name}: the runtime library is there`);
      const installed = readdirSync(join(dir(name), 'node_modules', '.pnpm'));
      assert.deepEqual(installed.filter((entry) => /@fuel\+(devkit|ops)/.test(entry)), [], name);
      assert.equal(existsSync(join(dir(name), 'node_modules', '@fuel', 'devkit')), false, name);
    }
  });

  it('contains no development credential, demo data or stand-in code', () => {
    for (const name of Object.keys(DEPLOYMENTS) as Name[]) {
      const files = ourFiles(dir(name));
      assert.ok(files.length > 50, `${name}: ${files.length} files looked at`);
      const found: string[] = [];
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        for (const { what, text: forbidden } of FORBIDDEN) if (text.includes(forbidden)) found.push(`${file.slice(root.length + 1)}: ${what}`);
      }
      assert.deepEqual(found, [], name);
    }
  });

  it('reaches the development kit only through the demo seeds, loaded when SEED_DEMO is on', () => {
    const seeds: string[] = [];
    for (const name of Object.keys(DEPLOYMENTS) as Name[]) {
      for (const file of ourFiles(dir(name)).filter((path) => path.endsWith('.js'))) {
        const code = readFileSync(file, 'utf8');
        for (const [, mention] of code.matchAll(/(?:from\s*|import\s*\(\s*)['"](@fuel\/(?:devkit|ops)[^'"]*)['"]/g)) {
          assert.equal(mention, '@fuel/devkit/demo', `${file}`);
          seeds.push(`${name}:${file.split('/').pop()}`);
        }
      }
    }
    assert.deepEqual(seeds.sort(), ['map:station.seed.js', 'order:product.seed.js', 'user:staff.seed.js']);
  });

  it('starts on its own with a production configuration, and refuses demo seeding there', () => {
    for (const name of Object.keys(DEPLOYMENTS) as Name[]) {
      const main = join(dir(name), 'dist', 'bundle', 'main.mjs');
      const env = { ...PRODUCTION_SECRETS, NODE_ENV: 'production', DATABASE_URL: 'mysql://fuel:pw@db.internal:3306/fuel', ...PROVIDERS };
      const ok = checkConfig(main, env);
      assert.equal(ok.status, 0, `${name}: ${ok.stderr}`);
      assert.match(ok.stdout, /configuration OK/);
      if (name === 'gateway') continue;
      const seeded = checkConfig(main, { ...env, SEED_DEMO: 'true' });
      assert.equal(seeded.status, 78, name);
      assert.match(seeded.stderr, /SEED_DEMO: demo data/);
    }
  });
});

/** Real provider endpoints and public callbacks, as a production deployment has them. */
const PROVIDERS: Record<string, string> = {
  SMS_ENDPOINT: 'https://dysmsapi.aliyuncs.com/',
  WECHAT_API_BASE: 'https://api.weixin.qq.com',
  ALIPAY_GATEWAY: 'https://openapi.alipay.com/gateway.do',
  WECHATPAY_API_BASE: 'https://api.mch.weixin.qq.com',
  WECHATPAY_NOTIFY_URL: 'https://fuel.example.cn/api/v1/payments/wechat/notify',
  ALIPAY_NOTIFY_URL: 'https://fuel.example.cn/api/v1/payments/alipay/notify',
  BAIDU_MAP_ENDPOINT: 'https://api.map.baidu.com',
  LOGISTICS_API_BASE: 'https://poll.kuaidi100.com',
  LOGISTICS_CALLBACK_URL: 'https://fuel.example.cn/api/v1/logistics/kuaidi100/callback',
};

describe('production code cannot import the development kit (ESLint)', () => {
  const eslint = new ESLint({ cwd: repoRoot });
  const lint = async (code: string, file: string) => (await eslint.lintText(code, { filePath: join(repoRoot, file) }))[0]!.messages.map((m) => `${m.ruleId}: ${m.message}`);

  it("refuses a static import of @fuel/devkit or @fuel/ops in a service's or the runtime library's code", async () => {
    for (const file of ['services/order/src/modules/orders/x.ts', 'libs/shared/src/config/x.ts']) {
      const messages = await lint("import { DEV_JWT_SECRET } from '@fuel/devkit';\nimport { startSmsStandIn } from '@fuel/devkit/standins';\nimport { findViolations } from '@fuel/ops';\nexport const x = [DEV_JWT_SECRET, startSmsStandIn, findViolations];\n", file);
      assert.equal(messages.filter((m) => m.startsWith('no-restricted-imports')).length, 3, `${file}: ${messages.join('; ')}`);
    }
  });

  it('refuses a dynamic import of anything but the demo data, and allows the demo seed', async () => {
    const refused = await lint("export const load = () => import('@fuel/devkit/standins');\n", 'services/user/src/modules/staff/x.seed.ts');
    assert.ok(refused.some((m) => m.startsWith('no-restricted-syntax')), refused.join('; '));
    assert.deepEqual(await lint("export const load = () => import('@fuel/devkit/demo');\n", 'services/user/src/modules/staff/x.seed.ts'), []);
  });

  it('leaves tests and the development kit free to use it', async () => {
    assert.deepEqual(await lint("import { DEV_JWT_SECRET } from '@fuel/devkit';\nexport const x = DEV_JWT_SECRET;\n", 'services/user/test/x.int-spec.ts'), []);
  });
});
