import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { freePort } from '@fuel/devkit/testing';
import { itLeavesEverythingConsistent, Platform, waitFor } from './platform.js';

const NACOS = process.env.TEST_NACOS_ADDR ?? '127.0.0.1:18848';

describe('discovery through a real Nacos server', () => {
  let platform: Platform;

  before(async () => {
    // A group of its own, so that nothing else registered in this Nacos is picked up.
    platform = await Platform.start({ rpcTimeoutMs: 1000, env: { NACOS_SERVER_ADDR: NACOS, NACOS_GROUP: `e2e-${randomBytes(3).toString('hex')}` } });
  });

  after(async () => {
    await platform?.close();
  });

  it('services register on start and the gateway finds them: health is 200 with registry nacos', async () => {
    const health = (await (await platform.request('GET', '/api/v1/health')).json()) as { status: string; services: Record<string, { registry: string }> };
    assert.equal(health.status, 'ok');
    for (const report of Object.values(health.services)) assert.equal(report.registry, 'nacos');
  });

  it('balances across two instances and keeps answering when one of them stops', async () => {
    await platform.startInstance('map', 'map-2', await freePort(), { WS_PORT: String(await freePort()) });
    // Wait until both instances have served a request (round robin across the healthy instances).
    const served = () => ['map', 'map-2'].every((name) => platform.logs(name).some((l) => l.includes('"pattern":"map.stations.get"')));
    await waitFor(async () => {
      await platform.request('GET', '/api/v1/stations/1');
      return served();
    }, 20_000, 'both map instances to serve requests');

    await platform.stopService('map'); // deregisters, then closes
    for (let i = 0; i < 10; i++) {
      assert.equal((await platform.request('GET', '/api/v1/stations/1')).status, 200);
    }
  });

  it('answers 503 once no instance is left, and recovers when one registers again', async () => {
    await platform.stopService('map-2');
    await waitFor(async () => (await platform.request('GET', '/api/v1/stations/1')).status === 503, 15_000, '503 with no map instance');
    await platform.startService('map');
    await waitFor(async () => (await platform.request('GET', '/api/v1/stations/1')).status === 200, 20_000, 'map found again');
  });

  itLeavesEverythingConsistent(() => platform);
});
