/**
 * Alipay mini-program payments (JSAPI_PAY) through the official SDK (shared AlipayOpenApi): alipay.trade.create
 * returns the trade_no the app hands to my.tradePay; query, close and refund by out_trade_no; notifications
 * verified RSA2 over the sorted parameters. Amounts cross the border as yuan strings, converted without floats.
 */
import { alipayTimestamp, DomainError, ErrorCode, formatYuan, yuanToFen, type Logger } from '@fuel/shared';
import { AlipayOpenApi, type AlipayAnswer, type AlipayOpenApiConfig } from '@fuel/shared/alipay';

export interface AlipayPayConfig extends AlipayOpenApiConfig {
  notifyUrl: string;
}

export interface AlipayTrade {
  outTradeNo: string;
  tradeNo: string;
  tradeStatus: 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_FINISHED' | 'TRADE_CLOSED';
  amountFen: number;
}

const YUAN = /^\d{1,12}(\.\d{1,2})?$/;
/** A provider's yuan amount as fen; -1 when it is not one (then it matches no intent). */
export const alipayFen = (value: unknown): number => (typeof value === 'string' && YUAN.test(value) ? yuanToFen(value) : -1);

export class AlipayPayClient {
  private readonly api: AlipayOpenApi;

  constructor(
    private readonly config: AlipayPayConfig,
    private readonly logger: Logger,
  ) {
    this.api = new AlipayOpenApi(config);
  }

  /** alipay.trade.create: the trade_no for my.tradePay. */
  async create(order: { outTradeNo: string; subject: string; amountFen: number; buyerId: string; expiresAt: Date }): Promise<string> {
    const answer = await this.call('create', 'alipay.trade.create', {
      notifyUrl: this.config.notifyUrl,
      bizContent: { out_trade_no: order.outTradeNo, total_amount: formatYuan(order.amountFen), subject: order.subject, buyer_id: order.buyerId, product_code: 'JSAPI_PAY', time_expire: alipayTimestamp(order.expiresAt) },
    });
    if (!answer.ok || !answer.body.trade_no) throw this.refused('create', answer);
    return answer.body.trade_no;
  }

  /** The provider's view of an attempt; null when Alipay has no such trade. */
  async query(outTradeNo: string): Promise<AlipayTrade | null> {
    const answer = await this.call('query', 'alipay.trade.query', { bizContent: { out_trade_no: outTradeNo } });
    if (!answer.ok) {
      if (answer.subCode === 'ACQ.TRADE_NOT_EXIST') return null;
      throw this.refused('query', answer);
    }
    return { outTradeNo: answer.body.out_trade_no, tradeNo: answer.body.trade_no, tradeStatus: answer.body.trade_status as AlipayTrade['tradeStatus'], amountFen: alipayFen(answer.body.total_amount) };
  }

  /** Closes an unpaid trade; 'paid' when it was paid meanwhile (then it must be taken or refunded, not closed). */
  async close(outTradeNo: string): Promise<'closed' | 'paid'> {
    const answer = await this.call('close', 'alipay.trade.close', { bizContent: { out_trade_no: outTradeNo } });
    if (answer.ok || answer.subCode === 'ACQ.TRADE_NOT_EXIST') return 'closed';
    if (answer.subCode === 'ACQ.TRADE_STATUS_ERROR') return 'paid';
    throw this.refused('close', answer);
  }

  /** alipay.trade.refund, idempotent by out_request_no (our refund number); synchronous: done when it answers. */
  async refund(outTradeNo: string, refundNo: string, amountFen: number): Promise<void> {
    const answer = await this.call('refund', 'alipay.trade.refund', { bizContent: { out_trade_no: outTradeNo, out_request_no: refundNo, refund_amount: formatYuan(amountFen) } });
    if (!answer.ok) throw this.refused('refund', answer);
  }

  /** A notification's form body: decoded, then the signature checked by the SDK. Nothing is trusted before. */
  verifyNotification(rawBody: string): { ok: true; params: Record<string, string> } | { ok: false; reason: 'unsigned' | 'bad-signature' } {
    const params = Object.fromEntries(new URLSearchParams(rawBody));
    if (!params.sign) return { ok: false, reason: 'unsigned' };
    return this.api.verifyNotification(params) ? { ok: true, params } : { ok: false, reason: 'bad-signature' };
  }

  private async call(operation: string, method: string, params: { bizContent?: Record<string, unknown>; [name: string]: unknown }): Promise<AlipayAnswer> {
    try {
      return await this.api.call(method, params);
    } catch (error) {
      this.logger.warn({ operation, err: String(error) }, 'alipay unreachable or its answer failed verification');
      throw new DomainError(ErrorCode.PROVIDER_ERROR, '支付宝暂时无法连接，请稍后再试', { provider: 'alipay', operation });
    }
  }

  private refused(operation: string, answer: AlipayAnswer): DomainError {
    const detail = answer.ok ? { missing: 'trade_no' } : { code: answer.code, subCode: answer.subCode, subMsg: answer.subMsg };
    this.logger.warn({ operation, ...detail }, 'alipay refused');
    return new DomainError(ErrorCode.PROVIDER_ERROR, '支付宝暂时不可用，请稍后再试', { provider: 'alipay', operation, ...(answer.ok ? {} : { subCode: answer.subCode }) });
  }
}
