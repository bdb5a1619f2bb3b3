import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createLogger, NacosRegistry } from '@fuel/shared';

const NACOS = process.env.TEST_NACOS_ADDR ?? '127.0.0.1:18848';
const logger = createLogger('nacos-test', 'warn');

async function eventually(check: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('NacosRegistry against a real Nacos server', () => {
  const service = `svc-${randomBytes(3).toString('hex')}`;
  let watcher: NacosRegistry;
  let first: NacosRegistry;
  let second: NacosRegistry;

  before(async () => {
    watcher = await NacosRegistry.open(NACOS, 'public', logger, 'DEFAULT_GROUP', 500);
    first = await NacosRegistry.open(NACOS, 'public', logger);
    second = await NacosRegistry.open(NACOS, 'public', logger);
    await watcher.watch([service]);
  });

  after(async () => {
    await Promise.all([watcher?.close(), first?.close(), second?.close()]);
  });

  it('a registered instance becomes visible to a watcher', async () => {
    await first.register({ service, host: '127.0.0.1', port: 41001 });
    await eventually(() => watcher.instances(service).length === 1, 'first instance');
    assert.deepEqual(watcher.instances(service)[0], { service, host: '127.0.0.1', port: 41001, healthy: true });
  });

  it('balances across several instances of one service', async () => {
    await second.register({ service, host: '127.0.0.1', port: 41002 });
    await eventually(() => watcher.instances(service).length === 2, 'second instance');
    assert.deepEqual(watcher.instances(service).map((i) => i.port).sort(), [41001, 41002]);
  });

  it('a deregistered instance disappears, down to an empty list', async () => {
    await first.deregister();
    await eventually(() => watcher.instances(service).length === 1, 'one left');
    assert.equal(watcher.instances(service)[0].port, 41002);
    await second.deregister();
    await eventually(() => watcher.instances(service).length === 0, 'none left');
  });
});
