import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateKeyPairSync } from 'node:crypto';
import { z } from 'zod';
import { rawPublicKey } from '../rpc/envelope-signature.js';
import { assertProductionReady, authEnvSchema, ConfigError, parseConfig, productionConfigProblems, providerEndpoint, publicCallbackUrl, serviceEnvSchema } from './config.js';

const RPC_PUBLIC_KEYS = `gateway:${rawPublicKey(generateKeyPairSync('ed25519').publicKey)}`;

describe('configuration validated at start', () => {
  it('applies the embedded defaults when nothing is configured', () => {
    const env = parseConfig(serviceEnvSchema, { RPC_PUBLIC_KEYS });
    assert.equal(env.DATABASE_URL, undefined);
    assert.equal(env.REDIS_URL, undefined);
    assert.equal(env.RPC_TIMEOUT_MS, 3000);
  });

  it('names every bad variable in one message', () => {
    assert.throws(
      () => parseConfig(serviceEnvSchema.extend({ RPC_PORT: z.coerce.number().int().max(65535) }), { DATABASE_URL: 'postgres://x', RPC_PORT: '99999', LOG_LEVEL: 'loud' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        for (const name of ['DATABASE_URL', 'RPC_PORT', 'LOG_LEVEL']) assert.match(error.message, new RegExp(name));
        return true;
      },
    );
  });

  it('has no default for a credential: a missing one is named', () => {
    assert.throws(() => parseConfig(authEnvSchema, {}), /JWT_SECRET/);
    assert.throws(() => parseConfig(serviceEnvSchema, {}), /RPC_PUBLIC_KEYS/);
    assert.doesNotThrow(() => assertProductionReady(authEnvSchema, { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }));
  });

  const providerSchema = serviceEnvSchema.extend({
    SMS_ENDPOINT: providerEndpoint('http://127.0.0.1:4010/'),
    PAY_API_BASE: providerEndpoint('http://127.0.0.1:4014'),
    PAY_NOTIFY_URL: publicCallbackUrl('http://127.0.0.1:3000/notify'),
    TRACKING_CALLBACK_URL: publicCallbackUrl('http://127.0.0.1:3000/track'),
  });
  const production = (overrides: Record<string, string>) =>
    parseConfig(providerSchema, { NODE_ENV: 'production', RPC_PUBLIC_KEYS, DATABASE_URL: 'mysql://u:p@db:3306/x', SMS_ENDPOINT: 'https://dysmsapi.aliyuncs.com/', PAY_API_BASE: 'https://api.mch.weixin.qq.com', PAY_NOTIFY_URL: 'https://fuel.example.cn/notify', TRACKING_CALLBACK_URL: 'https://fuel.example.cn/track', ...overrides });

  it('accepts a production configuration with real providers and public https callbacks', () => {
    assert.deepEqual(productionConfigProblems(providerSchema, production({})), []);
  });

  it('names, in one message, every stand-in endpoint, unreachable callback, missing database, demo seed and test clock', () => {
    const env = production({ SMS_ENDPOINT: 'http://localhost:4010/', PAY_API_BASE: 'http://api.mch.weixin.qq.com', PAY_NOTIFY_URL: 'http://fuel.example.cn/notify', TRACKING_CALLBACK_URL: 'https://192.168.1.20/track', DATABASE_URL: '', SEED_DEMO: 'true' });
    assert.throws(() => assertProductionReady(providerSchema, env, { TEST_NOW: '2027-01-31T23:30:00+08:00' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      const lines = error.message.split('\n').slice(1).map((line) => line.trim().split(':')[0]);
      assert.deepEqual(lines.sort(), ['DATABASE_URL', 'PAY_API_BASE', 'PAY_NOTIFY_URL', 'SEED_DEMO', 'SMS_ENDPOINT', 'TEST_NOW', 'TRACKING_CALLBACK_URL']);
      assert.match(error.message, /SMS_ENDPOINT: http:\/\/localhost:4010 is a local stand-in/);
      assert.match(error.message, /PAY_NOTIFY_URL: the provider calls this URL: it must be https/);
      return true;
    });
  });

  it('leaves the stand-in defaults alone outside production', () => {
    const env = parseConfig(providerSchema, { TEST_NOW: 'x', RPC_PUBLIC_KEYS });
    assert.equal(env.SMS_ENDPOINT, 'http://127.0.0.1:4010/');
    assert.deepEqual(productionConfigProblems(providerSchema, env, { TEST_NOW: '2027-01-31T23:30:00+08:00' }), []);
  });
});
