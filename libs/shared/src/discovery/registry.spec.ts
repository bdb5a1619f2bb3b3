import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseServiceAddresses, StaticRegistry } from './registry.js';

describe('static registry (embedded default)', () => {
  it('defaults every service to its local port', () => {
    const registry = new StaticRegistry();
    assert.deepEqual(registry.instances('map'), [{ service: 'map', host: '127.0.0.1', port: 4004, healthy: true }]);
  });

  it('takes several instances of a service from SERVICE_ADDRESSES', () => {
    const registry = new StaticRegistry('map=10.0.0.1:5000,map=10.0.0.2:5000,user=u:1');
    assert.deepEqual(registry.instances('map').map((i) => i.host), ['10.0.0.1', '10.0.0.2']);
    assert.equal(registry.instances('user')[0].host, 'u');
    assert.equal(registry.instances('order')[0].port, 4002);
  });

  it('refuses an unreadable entry, naming it', () => {
    assert.throws(() => parseServiceAddresses('map=nohost'), /map=nohost/);
  });
});
