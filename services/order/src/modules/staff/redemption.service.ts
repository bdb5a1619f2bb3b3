/**
 * 员工核销: the attendant scans or types a code at their station. A 6-digit code is a mall order waiting for pickup;
 * a fuel order's number (the QR on the driver's order) is a paid fuel order to mark as fuelled; C + 8 digits is a
 * member's in-store coupon (the user service keeps those: store-coupon.service.ts there). The preview says
 * what it is and whose (masked phone); the confirmation completes it atomically and once (a conditional move, so
 * two attendants confirming the same code at once: one wins, the other is told it is done). Codes that match
 * nothing are counted per attendant: after MAX_MISSES in the window the account is refused for a while and flagged.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { couponContracts, DomainError, isMemberCode, isStoreCouponCode, isUniqueViolation, ErrorCode, formatLitres, forUpdate, HOT_STORE, LOGGER, memberContracts, onPrimary, ServiceClient, type HotStore, type Logger, type RedemptionPreview, type RedemptionResult, type StaffActor, unlessHotStoreDown, withDeadlockRetry } from '@fuel/shared';
import { FuelOrderLineEntity, MallOrderLineEntity, OrderEntity } from '../orders/order.entity.js';
import { OrderService } from '../orders/order.service.js';

const MISS_WINDOW_SECONDS = 10 * 60;
const MAX_MISSES = 10;
const isPickupCode = (code: string) => /^\d{6}$/.test(code);

@Injectable()
export class RedemptionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrderService,
    private readonly services: ServiceClient,
    @Inject(HOT_STORE) private readonly hot: HotStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async preview(staff: StaffActor, stationId: number, code: string): Promise<RedemptionPreview> {
    if (isMemberCode(code)) {
      // A wrong or lapsed 会员码 counts as a miss, like any code: guessing one is refused after a few.
      await this.refuseIfFlagged(staff);
      const member = await this.services.callAsSystem(memberContracts.identifyByCode, { code }).catch((error: unknown) => this.miss(staff, stationId, code, error));
      return { kind: 'member', code, memberPhoneMasked: member.phoneMasked, member };
    }
    if (isStoreCouponCode(code)) {
      await this.refuseIfFlagged(staff);
      const shown = await this.services.callAsSystem(couponContracts.storePreview, { code }).catch((error: unknown) => this.miss(staff, stationId, code, error));
      return { kind: 'coupon', code, memberPhoneMasked: shown.memberPhoneMasked, coupon: shown.coupon };
    }
    const order = await this.find(staff, stationId, code);
    const [lines, fuel, contact] = await Promise.all([
      onPrimary(this.dataSource, (m) => m.find(MallOrderLineEntity, { where: { orderId: order.id }, order: { id: 'ASC' } })),
      onPrimary(this.dataSource, (m) => m.findOneBy(FuelOrderLineEntity, { orderId: order.id })),
      this.services.callAsSystem(memberContracts.contact, { memberId: order.memberId }).catch(() => ({ phoneMasked: null })),
    ]);
    return {
      kind: order.kind === 'fuel' ? 'fuel' : 'pickup',
      code,
      orderNo: order.orderNo,
      status: order.status,
      memberPhoneMasked: contact.phoneMasked,
      payableFen: order.payableFen,
      paidAt: order.paidAt?.toISOString() ?? null,
      items: lines.map((l) => ({ name: l.name, quantity: l.quantity })),
      fuel: fuel ? { pumpNumber: fuel.pumpNumber, grade: fuel.grade, litres: formatLitres(fuel.centilitres) } : null,
    };
  }

  /**
   * With the request's Idempotency-Key, a retry of a confirmation that went through (its answer lost, or sent
   * again while Redis was away) gets the same answer again, from the order itself: not "already used".
   */
  async confirm(staff: StaffActor, stationId: number, code: string, amountFen: number | undefined, requestKey?: string): Promise<RedemptionResult> {
    if (isMemberCode(code)) throw new DomainError(ErrorCode.UNPROCESSABLE, '会员码用于识别会员，无需确认核销');
    if (isStoreCouponCode(code)) {
      if (amountFen === undefined) throw DomainError.invalid([{ field: 'body.amountFen', message: '请输入本次消费金额' }], '请输入本次消费金额');
      await this.refuseIfFlagged(staff);
      const attendantKey = requestKey ? { staffId: staff.id, key: requestKey } : undefined;
      const used = await this.services.callAsSystem(couponContracts.storeRedeem, { code, stationId, amountFen, attendantKey }).catch((error: unknown) => this.miss(staff, stationId, code, error));
      return { kind: 'coupon', ...used };
    }
    const redeemedWith = requestKey ? `${staff.id}:${requestKey}` : null;
    // Looked for only when the confirmation cannot go through (the code spent, the order done, the key taken), so a
    // first confirmation pays no extra read: then this key's earlier answer, if it has one, is the answer.
    const orAnsweredBefore = async (error: unknown) => ((error instanceof DomainError || isUniqueViolation(error)) && (await this.answeredBefore(stationId, code, redeemedWith))) || Promise.reject(error);
    if (isPickupCode(code)) {
      return this.refuseIfFlagged(staff)
        .then(() => this.orders.redeemPickup(stationId, code, redeemedWith))
        .then(
          (order): RedemptionResult => ({ kind: 'pickup', order }),
          (error: unknown) => orAnsweredBefore(error).catch((unanswered: unknown) => this.miss(staff, stationId, code, unanswered)),
        );
    }
    return this.fuelled(staff, stationId, code, redeemedWith).catch(orAnsweredBefore);
  }

  /** The answer a confirmation with this attendant's key already got; the key used for another code is refused. */
  private async answeredBefore(stationId: number, code: string, redeemedWith: string | null): Promise<RedemptionResult | undefined> {
    const earlier = redeemedWith ? await onPrimary(this.dataSource, (m) => m.findOneBy(OrderEntity, { stationId, redeemedWith })) : null;
    if (!earlier) return undefined;
    if (earlier.pickupCode !== code && earlier.orderNo !== code) throw DomainError.keyReused();
    return { kind: earlier.kind === 'fuel' ? 'fuel' : 'pickup', order: await this.orders.get(earlier.orderNo, null) };
  }

  /** A paid fuel order at this station marked as fuelled, once. */
  private async fuelled(staff: StaffActor, stationId: number, code: string, redeemedWith: string | null): Promise<RedemptionResult> {
    const order = await this.find(staff, stationId, code);
    await withDeadlockRetry(() =>
      this.dataSource.transaction(async (manager) => {
        const locked = await manager.findOneOrFail(OrderEntity, { where: { id: order.id }, ...forUpdate(this.dataSource) });
        if (locked.status === 'completed') throw new DomainError(ErrorCode.CONFLICT, '该加油订单已核销');
        if (locked.status !== 'paid') throw new DomainError(ErrorCode.CONFLICT, '该加油订单未支付或已退款，不能核销', { status: locked.status });
        await this.orders.move(manager, locked, 'completed', 'fuelled', { redeemedWith });
      }),
    );
    await this.orders.announceChangeOf(order);
    return { kind: 'fuel', order: await this.orders.get(order.orderNo, null) };
  }

  /** The order behind a code at this station; a code of another station is refused as such. */
  private async find(staff: StaffActor, stationId: number, code: string): Promise<OrderEntity> {
    await this.refuseIfFlagged(staff);
    const where = isPickupCode(code) ? { openPickupCode: code } : { orderNo: code, kind: 'fuel' as const };
    const matches = await onPrimary(this.dataSource, (m) => m.find(OrderEntity, { where, take: 5 }));
    const here = matches.find((o) => o.stationId === stationId);
    if (here) {
      if (here.kind === 'fuel' && here.status !== 'paid' && here.status !== 'completed') throw new DomainError(ErrorCode.CONFLICT, '该加油订单未支付或已退款，不能核销', { status: here.status });
      return here;
    }
    if (matches.length) {
      this.logger.warn({ staffId: staff.id, stationId, codeStation: matches[0]!.stationId }, 'redemption code of another station');
      throw new DomainError(ErrorCode.FORBIDDEN, '该码不属于本站，不能核销');
    }
    return this.miss(staff, stationId, code, new DomainError(ErrorCode.NOT_FOUND, isPickupCode(code) ? '取货码无效或已使用' : '未找到该加油订单'));
  }

  /** The guess counter protects, it never decides: while Redis is away codes are not counted (like rate limits). */
  private async refuseIfFlagged(staff: StaffActor): Promise<void> {
    const misses = Number((await unlessHotStoreDown(() => this.hot.get(`redeem:misses:${staff.id}`), () => null)) ?? 0);
    if (misses >= MAX_MISSES) throw new DomainError(ErrorCode.RATE_LIMITED, '无效码尝试次数过多，核销已暂停 10 分钟，请联系站长', { retryAfterSeconds: MISS_WINDOW_SECONDS });
  }

  private async miss(staff: StaffActor, stationId: number, code: string, error: unknown): Promise<never> {
    if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND) {
      const misses = await unlessHotStoreDown(() => this.hot.increment(`redeem:misses:${staff.id}`, MISS_WINDOW_SECONDS), () => 0);
      if (misses >= MAX_MISSES) this.logger.warn({ staffId: staff.id, stationId, misses, lastCode: code.slice(0, 2) + '****' }, 'redemption code guessing flagged');
    }
    throw error;
  }
}
