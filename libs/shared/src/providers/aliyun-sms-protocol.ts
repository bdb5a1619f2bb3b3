/**
 * Alibaba Cloud SMS (Dysmsapi 2017-05-25, SendSms) RPC-style request signing, signature version 1.0:
 * StringToSign = METHOD & %2F & percentEncode(sorted canonical query), HMAC-SHA1 keyed with secret + "&".
 * Used by the production adapter to sign and by the local stand-in to verify, so both sides share one rule.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { realTime } from '../time/clock.js';

export function percentEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/\+/g, '%20')
    .replace(/\*/g, '%2A')
    .replace(/%7E/g, '~')
    .replace(/[!'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k])}`)
    .join('&');
}

export function rpcSignature(method: 'GET' | 'POST', params: Record<string, string>, accessKeySecret: string): string {
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign).digest('base64');
}

export interface SendSmsRequest {
  accessKeyId: string;
  phoneNumbers: string;
  signName: string;
  templateCode: string;
  templateParam: Record<string, string>;
}

/** The signed query parameters of a SendSms call. */
export function signedSendSmsParams(request: SendSmsRequest, accessKeySecret: string, now = realTime.now()): Record<string, string> {
  const params: Record<string, string> = {
    AccessKeyId: request.accessKeyId,
    Action: 'SendSms',
    Format: 'JSON',
    PhoneNumbers: request.phoneNumbers,
    RegionId: 'cn-hangzhou',
    SignName: request.signName,
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: randomUUID(),
    SignatureVersion: '1.0',
    TemplateCode: request.templateCode,
    TemplateParam: JSON.stringify(request.templateParam),
    Timestamp: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    Version: '2017-05-25',
  };
  return { ...params, Signature: rpcSignature('POST', params, accessKeySecret) };
}

/** Response body of SendSms: Code "OK" on success, otherwise an error code such as isv.MOBILE_NUMBER_ILLEGAL. */
export interface SendSmsResponse {
  Code: string;
  Message: string;
  RequestId: string;
  BizId?: string;
}
