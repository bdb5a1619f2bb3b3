/**
 * WeChat Pay API v3 on the wire, shared by the stand-in and the payment service's client (which signs its requests
 * and builds requestPayment with the design card's wechatpay-node-v3, and checks notifications with these):
 * - a merchant request carries `Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",timestamp="…",
 *   serial_no="…",signature="…"`, the signature SHA256-with-RSA (merchant key) over
 *   `METHOD\nURL(path+query)\nTIMESTAMP\nNONCE\nBODY\n`;
 * - answers and notifications carry Wechatpay-Serial / -Signature / -Timestamp / -Nonce, the signature
 *   SHA256-with-RSA (platform key) over `TIMESTAMP\nNONCE\nBODY\n`;
 * - notification resources and downloaded certificates are AEAD_AES_256_GCM under the 32-byte APIv3 key, with a
 *   12-byte nonce, the associated data as AAD and the 16-byte tag appended to the ciphertext (base64).
 */
import { createCipheriv, createDecipheriv, createSign, createVerify, randomBytes } from 'node:crypto';
import { realTime } from '../time/clock.js';

export const WECHATPAY_AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';
/** A request or notification further than this from the receiver's clock is refused (WeChat's own window). */
export const WECHATPAY_MAX_SKEW_SECONDS = 300;

export interface MerchantAuthorization {
  mchid: string;
  nonce_str: string;
  timestamp: string;
  serial_no: string;
  signature: string;
}

export function parseAuthorization(header: string | undefined): MerchantAuthorization | undefined {
  if (!header?.startsWith(`${WECHATPAY_AUTH_SCHEMA} `)) return undefined;
  const fields = Object.fromEntries([...header.slice(WECHATPAY_AUTH_SCHEMA.length + 1).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const { mchid, nonce_str, timestamp, serial_no, signature } = fields;
  return mchid && nonce_str && timestamp && serial_no && signature ? { mchid, nonce_str, timestamp, serial_no, signature } : undefined;
}

export const requestMessage = (method: string, url: string, timestamp: string, nonce: string, body: string) => `${method}\n${url}\n${timestamp}\n${nonce}\n${body}\n`;
export const responseMessage = (timestamp: string, nonce: string, body: string) => `${timestamp}\n${nonce}\n${body}\n`;

export function rsaSign(privateKeyPem: string, message: string): string {
  return createSign('RSA-SHA256').update(message).sign(privateKeyPem, 'base64');
}

export function rsaVerify(publicKeyOrCertPem: string, message: string, signature: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(message).verify(publicKeyOrCertPem, signature, 'base64');
  } catch {
    return false;
  }
}

export interface EncryptedResource {
  algorithm: 'AEAD_AES_256_GCM';
  ciphertext: string;
  associated_data: string;
  nonce: string;
  original_type?: string;
}

export function aeadEncrypt(apiV3Key: string, plaintext: string, associatedData: string): EncryptedResource {
  const nonce = randomBytes(6).toString('hex'); // 12 characters, as WeChat sends
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext: encrypted.toString('base64'), associated_data: associatedData, nonce };
}

/** The inverse of aeadEncrypt: the tag (last 16 bytes) is checked by `final()`, which throws when anything was changed. */
export function aeadDecrypt(apiV3Key: string, resource: { ciphertext: string; associated_data?: string; nonce: string }): string {
  const sealed = Buffer.from(resource.ciphertext, 'base64');
  if (sealed.length <= 16) throw new Error('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(resource.nonce, 'utf8'), { authTagLength: 16 });
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]).toString('utf8');
}

/** The Wechatpay-* headers of a signed answer or notification. */
export function platformHeaders(platformPrivateKey: string, platformSerial: string, body: string, now = realTime.now()): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const nonce = randomBytes(16).toString('hex');
  return {
    'wechatpay-serial': platformSerial,
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': nonce,
    'wechatpay-signature': rsaSign(platformPrivateKey, responseMessage(timestamp, nonce, body)),
    'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
  };
}
