/**
 * What the deployment tests hand a production process: secrets of the right shape (none of them a development
 * default), and the production start's own check of an environment (`main.js --check-config`).
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { resolve } from 'node:path';
import { rawPublicKey } from '@fuel/shared';
import { repoRoot } from './platform.js';

/** A production deployment's RPC keys: one Ed25519 pair per process, made for this test run. */
const RPC_KEYS = Object.fromEntries(['gateway', 'user', 'order', 'payment', 'map'].map((name) => [name, generateKeyPairSync('ed25519')]));

export const PRODUCTION_SECRETS: Record<string, string> = {
  JWT_SECRET: 'j'.repeat(40),
  FIELD_ENCRYPTION_KEYS: 'k1:00112233445566778899aabbccddeeff',
  FIELD_MAC_KEYS: `k1:${'a'.repeat(64)}`,
  FIELD_INDEX_KEYS: `i1:${'b'.repeat(64)}`,
  SMS_ACCESS_KEY_ID: 'id',
  SMS_ACCESS_KEY_SECRET: 'secret',
  SMS_TEMPLATE_STAFF_LOGIN: 'SMS_1',
  WECHAT_APP_ID: 'wx0123456789abcdef',
  WECHAT_APP_SECRET: 's'.repeat(32),
  ALIPAY_APP_ID: '2021000000000099',
  ALIPAY_APP_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----x-----END PRIVATE KEY-----',
  ALIPAY_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----x-----END PUBLIC KEY-----',
  BACKOFFICE_MASTER_KEY: 'c'.repeat(64),
  ...Object.fromEntries(Object.entries(RPC_KEYS).map(([name, pair]) => [`RPC_PRIVATE_KEY_${name.toUpperCase()}`, pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()])),
  /** For a process checked on its own (any one key will do). */
  RPC_PRIVATE_KEY: RPC_KEYS.order!.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  RPC_PUBLIC_KEYS: Object.entries(RPC_KEYS).map(([name, pair]) => `${name}:${rawPublicKey(pair.publicKey)}`).join(','),
  BAIDU_MAP_AK: 'ak',
  PUBLIC_BASE_URL: 'https://fuel.example.cn',
  ALIPAY_SELLER_ID: '2088000000009999',
  WECHATPAY_MCH_ID: '1900009999',
  WECHATPAY_API_V3_KEY: 'v'.repeat(32),
  WECHATPAY_MERCHANT_CERT: '-----BEGIN CERTIFICATE-----x-----END CERTIFICATE-----',
  WECHATPAY_MERCHANT_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----x-----END PRIVATE KEY-----',
  LOGISTICS_KEY: 'kuaidi100-key',
  LOGISTICS_CUSTOMER: 'KUAIDI100CUSTOMER',
  LOGISTICS_CALLBACK_SALT: 'l'.repeat(24),
};

/** `node <main.js> --check-config` with this environment only: what a container with it would do at start. */
export function checkConfig(main: string, environment: Record<string, string>) {
  return spawnSync(process.execPath, [resolve(repoRoot, main), '--check-config'], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { PATH: process.env.PATH ?? '', ...environment },
  });
}
