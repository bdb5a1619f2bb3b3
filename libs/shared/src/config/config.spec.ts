import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { assertNoDevSecretsInProduction, authEnvSchema, ConfigError, parseConfig, serviceEnvSchema } from './config.js';
import { DEV_JWT_SECRET } from './dev-defaults.js';

describe('configuration validated at start', () => {
  it('applies the embedded defaults when nothing is configured', () => {
    const env = parseConfig(serviceEnvSchema, {});
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

  it('refuses the development secrets in production, naming the variable', () => {
    const env = { NODE_ENV: 'production', ...parseConfig(authEnvSchema, {}) };
    assert.equal(env.JWT_SECRET, DEV_JWT_SECRET);
    assert.throws(() => assertNoDevSecretsInProduction(env), /JWT_SECRET/);
    assert.doesNotThrow(() => assertNoDevSecretsInProduction({ ...env, NODE_ENV: 'development' }));
    assert.doesNotThrow(() => assertNoDevSecretsInProduction({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }));
  });
});
