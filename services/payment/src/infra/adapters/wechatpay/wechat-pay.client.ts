/**
 * WeChat Pay API v3 through the design card's wechatpay-node-v3: it signs every request (merchant key), builds the
 * `requestPayment` parameters and decrypts notification resources. Its base URL is fixed, so its transport is
 * swapped (`createHttp`) for one that sends to WECHATPAY_API_BASE: the signatures cover the path only, so the same
 * code talks to WeChat or to the local stand-in. The shared protocol helpers (wechat-pay-protocol) cover what it
 * lacks: the 5-minute window on notification timestamps, the platform public-key mode (`PUB_KEY_ID_…` serials),
 * and every GCM decryption: the library's `decipher_gcm` never calls `final()`, so it does not check the tag, and
 * a tampered ciphertext — a notification's resource, or a platform certificate, whose plaintext is public and
 * could be rewritten bit by bit — would be accepted. So the platform certificates are ours too: fetched with the
 * library's signed request, each decrypted and authenticated with the APIv3 key (what makes it WeChat's), kept by
 * serial, and fetched again for an unknown serial at most once a minute (forged serials cannot make us flood
 * WeChat). The library's own certificate cache is a static shared by every instance; it is not used.
 */
import { X509Certificate } from 'node:crypto';
import WechatPay from 'wechatpay-node-v3';
import { aeadDecrypt, DomainError, ErrorCode, responseMessage, rsaVerify, WECHATPAY_MAX_SKEW_SECONDS, type Logger, type WechatRequestPayment, realTime } from '@fuel/shared';

const WECHAT_ORIGIN = 'https://api.mch.weixin.qq.com';

export interface WechatPayConfig {
  apiBase: string;
  appId: string;
  mchId: string;
  apiV3Key: string;
  merchantCert: string;
  merchantPrivateKey: string;
  notifyUrl: string;
  timeoutMs: number;
  /** Platform public-key mode: the key WeChat signs with, and its id (`PUB_KEY_ID_…`). */
  platformPublicKeyId?: string;
  platformPublicKey?: string;
}


export interface WechatTransaction {
  outTradeNo: string;
  tradeState: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'PAYERROR' | 'REFUND' | 'USERPAYING' | 'REVOKED';
  transactionId?: string;
  amountFen: number;
  mchId: string;
  appId: string;
  successTime?: string;
}

export type NotificationCheck = { ok: true; eventType: string; resource: Record<string, unknown> } | { ok: false; reason: 'stale' | 'unsigned' | 'bad-signature' | 'unknown-serial' | 'undecryptable' | 'malformed' };

interface Output {
  status: number;
  data?: unknown;
  error?: unknown;
}

/** The library's HTTP calls, sent to the configured base URL with a timeout; never throws for an HTTP status. */
function transport(apiBase: string, timeoutMs: number) {
  const send = async (method: 'GET' | 'POST', url: string, headers: Record<string, string>, body?: Record<string, unknown>): Promise<Output> => {
    const target = url.replace(WECHAT_ORIGIN, apiBase.replace(/\/+$/, ''));
    let response: Response;
    try {
      response = await fetch(target, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      return { status: 0, error: String(error) };
    }
    const text = await response.text();
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = undefined;
    }
    return response.ok ? { status: response.status, data } : { status: response.status, error: text, data };
  };
  return {
    post: (url: string, params: Record<string, unknown>, headers: Record<string, string>) => send('POST', url, headers, params),
    get: (url: string, headers: Record<string, string>) => send('GET', url, headers),
    upload: () => Promise.reject(new Error('upload is not used')),
  };
}

function providerError(operation: string, output: Output): DomainError {
  const code = (output.data as { code?: string } | undefined)?.code;
  return new DomainError(ErrorCode.PROVIDER_ERROR, output.status === 0 ? '微信支付暂时无法连接，请稍后再试' : '微信支付暂时不可用，请稍后再试', { provider: 'wechatpay', operation, status: output.status, code });
}

/** The library, with its request signing reachable for the one call we make ourselves (the certificates). */
class SigningWechatPay extends WechatPay {
  authorizationFor(method: 'GET' | 'POST', url: string): string {
    return this.buildAuthorization(method, url);
  }
}

const CERTIFICATE_REFETCH_MS = 60_000;

export class WechatPayClient {
  private readonly pay: SigningWechatPay;
  private readonly http: ReturnType<typeof transport>;
  /** Platform certificates by serial (PEM). */
  private readonly certificates = new Map<string, string>();
  private certificatesFetchedAt = 0;
  private fetching?: Promise<void>;

  constructor(
    private readonly config: WechatPayConfig,
    private readonly logger: Logger,
  ) {
    this.pay = new SigningWechatPay({ appid: config.appId, mchid: config.mchId, publicKey: Buffer.from(config.merchantCert), privateKey: Buffer.from(config.merchantPrivateKey), key: config.apiV3Key });
    this.http = transport(config.apiBase, config.timeoutMs);
    this.pay.createHttp(this.http);
  }

  /** JSAPI / mini-program prepay: the parameters the app hands to requestPayment. */
  async prepay(order: { outTradeNo: string; description: string; amountFen: number; openid: string; expiresAt: Date }): Promise<WechatRequestPayment> {
    const output = (await this.pay.transactions_jsapi({
      description: order.description,
      out_trade_no: order.outTradeNo,
      time_expire: order.expiresAt.toISOString().replace(/\.\d{3}Z$/, '+00:00'),
      notify_url: this.config.notifyUrl,
      amount: { total: order.amountFen, currency: 'CNY' },
      payer: { openid: order.openid },
    })) as Output;
    if (output.status !== 200) {
      this.logger.warn({ outTradeNo: order.outTradeNo, status: output.status, error: String(output.error ?? '').slice(0, 200) }, 'wechat pay prepay refused');
      throw providerError('prepay', output);
    }
    return output.data as WechatRequestPayment;
  }

  /** The provider's view of an attempt; null when WeChat has no such order. */
  async query(outTradeNo: string): Promise<WechatTransaction | null> {
    const output = (await this.pay.query({ out_trade_no: outTradeNo })) as Output;
    if (output.status === 404) return null;
    if (output.status !== 200) throw providerError('query', output);
    const t = output.data as { out_trade_no: string; trade_state: WechatTransaction['tradeState']; transaction_id?: string; amount?: { total: number }; mchid: string; appid: string; success_time?: string };
    return { outTradeNo: t.out_trade_no, tradeState: t.trade_state, transactionId: t.transaction_id, amountFen: t.amount?.total ?? 0, mchId: t.mchid, appId: t.appid, successTime: t.success_time };
  }

  async close(outTradeNo: string): Promise<void> {
    const output = (await this.pay.close(outTradeNo)) as Output;
    if (output.status !== 204 && output.status !== 200) throw providerError('close', output);
  }

  /** The platform certificate of a serial: known, or fetched (at most once a minute, one fetch at a time). */
  private async platformCertificate(serial: string): Promise<string | undefined> {
    const known = this.certificates.get(serial);
    if (known) return known;
    // A fetch under way (the first notifications after a start arrive together): wait for it, do not refuse.
    if (!this.fetching && realTime.now().getTime() - this.certificatesFetchedAt < CERTIFICATE_REFETCH_MS) return undefined;
    this.fetching ??= this.fetchCertificates().finally(() => {
      this.fetching = undefined;
    });
    await this.fetching;
    return this.certificates.get(serial);
  }

  private async fetchCertificates(): Promise<void> {
    this.certificatesFetchedAt = realTime.now().getTime();
    const url = `${WECHAT_ORIGIN}/v3/certificates`;
    const output = await this.http.get(url, { Authorization: this.pay.authorizationFor('GET', url), Accept: 'application/json', 'User-Agent': 'fuel-payment' });
    if (output.status !== 200) {
      this.logger.warn({ status: output.status }, 'wechat pay platform certificates could not be fetched');
      return;
    }
    for (const item of (output.data as { data?: Array<{ serial_no: string; encrypt_certificate: { ciphertext: string; associated_data: string; nonce: string } }> }).data ?? []) {
      try {
        const pem = aeadDecrypt(this.config.apiV3Key, item.encrypt_certificate);
        if (new X509Certificate(pem).serialNumber.toUpperCase() !== item.serial_no.toUpperCase()) throw new Error('serial differs from the certificate');
        this.certificates.set(item.serial_no, pem);
      } catch (error) {
        this.logger.error({ serial: item.serial_no, err: String(error) }, 'wechat pay platform certificate refused (not authentic)');
      }
    }
  }

  /**
   * A refund of (part of) a paid order, idempotent by out_refund_no (our refund number): WeChat answers
   * PROCESSING, then SUCCESS (its notification, or `refundStatus`). Sent to the same notification route.
   */
  async refund(refund: { outTradeNo: string; refundNo: string; amountFen: number; totalFen: number }): Promise<{ status: string; refundId: string }> {
    const output = (await this.pay.refunds({
      out_trade_no: refund.outTradeNo,
      out_refund_no: refund.refundNo,
      notify_url: this.config.notifyUrl,
      amount: { refund: refund.amountFen, total: refund.totalFen, currency: 'CNY' },
    })) as Output;
    if (output.status !== 200) throw providerError('refund', output);
    const data = output.data as { status: string; refund_id: string };
    return { status: data.status, refundId: data.refund_id };
  }

  /** A refund's state by our refund number; null when WeChat has none. */
  async refundStatus(refundNo: string): Promise<{ status: string; refundId: string } | null> {
    const output = (await this.pay.find_refunds(refundNo)) as Output;
    if (output.status === 404) return null;
    if (output.status !== 200) throw providerError('refund-query', output);
    const data = output.data as { status: string; refund_id: string };
    return { status: data.status, refundId: data.refund_id };
  }

  /**
   * A payment or refund notification: the timestamp within 5 minutes, the signature over the raw body (platform
   * certificate by serial, or the platform public key for `PUB_KEY_ID_…`), then the resource decrypted. Nothing
   * is trusted before all three pass.
   */
  async verifyNotification(headers: Record<string, string | string[] | undefined>, rawBody: string, now = realTime.now()): Promise<NotificationCheck> {
    const header = (name: string) => {
      const value = headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const [timestamp, nonce, serial, signature] = ['wechatpay-timestamp', 'wechatpay-nonce', 'wechatpay-serial', 'wechatpay-signature'].map(header);
    if (!timestamp || !nonce || !serial || !signature) return { ok: false, reason: 'unsigned' };
    if (!/^\d+$/.test(timestamp) || Math.abs(now.getTime() / 1000 - Number(timestamp)) > WECHATPAY_MAX_SKEW_SECONDS) return { ok: false, reason: 'stale' };
    let signed: boolean;
    if (serial.startsWith('PUB_KEY_ID_')) {
      if (serial !== this.config.platformPublicKeyId || !this.config.platformPublicKey) return { ok: false, reason: 'unknown-serial' };
      signed = rsaVerify(this.config.platformPublicKey, responseMessage(timestamp, nonce, rawBody), signature);
    } else {
      const certificate = await this.platformCertificate(serial);
      if (!certificate) return { ok: false, reason: 'unknown-serial' };
      signed = rsaVerify(certificate, responseMessage(timestamp, nonce, rawBody), signature);
    }
    if (!signed) return { ok: false, reason: 'bad-signature' };
    let event: { event_type?: string; resource?: { ciphertext: string; associated_data: string; nonce: string } };
    try {
      event = JSON.parse(rawBody);
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (!event.resource || !event.event_type) return { ok: false, reason: 'malformed' };
    try {
      return { ok: true, eventType: event.event_type, resource: JSON.parse(aeadDecrypt(this.config.apiV3Key, event.resource)) as Record<string, unknown> };
    } catch {
      return { ok: false, reason: 'undecryptable' };
    }
  }
}
