import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { assertProductionReady, authEnvSchema, DEV_VALUE_FINGERPRINTS, fieldKeysEnvSchema, isDevelopmentCredential, parseConfig } from '@fuel/shared';
import * as devEnv from './dev-env.js';
import { developmentValues } from './dev-values.js';

const devValues = developmentValues();

describe('development credentials, known to production only by fingerprint', () => {
  it('has a fingerprint for every development value, and none for anything else', () => {
    const expected = new Map(devValues.map(([name, value]) => [createHash('sha256').update(value).digest('hex'), name]));
    assert.deepEqual([...DEV_VALUE_FINGERPRINTS].sort(), [...expected].sort(), 'regenerate: node scripts/dev-fingerprints.mjs');
    for (const [, value] of devValues) assert.ok(isDevelopmentCredential(value));
    assert.equal(isDevelopmentCredential('x'.repeat(40)), false);
  });

  it('gives every process each development credential it needs, and nothing that is not one', () => {
    for (const [name, value] of Object.entries(devEnv.developmentEnv())) assert.ok(isDevelopmentCredential(value), name);
  });

  it('is refused in production, naming the variable', () => {
    const env = { NODE_ENV: 'production', ...parseConfig(authEnvSchema, devEnv.developmentEnv()) };
    assert.throws(() => assertProductionReady(authEnvSchema, env), /JWT_SECRET: the development value must not be used in production/);
    assert.doesNotThrow(() => assertProductionReady(authEnvSchema, { ...env, NODE_ENV: 'development' }));
  });

  it('is found inside a key list, beside keys of production', () => {
    const list = `k9:${'ab'.repeat(16)},${devEnv.DEV_FIELD_ENCRYPTION_KEYS}`;
    const env = { NODE_ENV: 'production', ...parseConfig(fieldKeysEnvSchema, { ...devEnv.developmentEnv(), FIELD_ENCRYPTION_KEYS: list }) };
    assert.throws(() => assertProductionReady(fieldKeysEnvSchema, env), /FIELD_ENCRYPTION_KEYS: the development value must not be used in production/);
    assert.equal(isDevelopmentCredential(`k9:${'ab'.repeat(16)}`), false);
  });
});
