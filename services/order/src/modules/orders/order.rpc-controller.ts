import { Controller } from '@nestjs/common';
import { DomainError, ErrorCode, orderContracts, requireMember, requireStaff, requireSystem, Rpc, RpcActor, RpcBody, RpcKeptKey, RpcRequestKey, type Actor, type KeptKey, type RpcPayloadOf } from '@fuel/shared';
import { FuelOrderService } from '../fuel/fuel-order.service.js';
import { MallOrderService } from '../mall/mall-order.service.js';
import { OrderService } from './order.service.js';

/** Another service, or staff of that very station (attendant or manager unless narrowed). */
function requireStationStaffOrSystem(actor: Actor | undefined, stationId: number, roles: Array<'attendant' | 'manager'> = ['attendant', 'manager']): void {
  if (actor?.kind !== 'system') requireStaff(actor, roles, { id: stationId, regionCode: actor?.regionCode ?? '' });
}

/** A member acts on their own orders only (the member id comes from the signed actor); the payment service reports payments. */
@Controller()
export class OrderRpcController {
  constructor(
    private readonly orders: OrderService,
    private readonly fuel: FuelOrderService,
    private readonly mall: MallOrderService,
  ) {}

  @Rpc(orderContracts.quoteFuel)
  quoteFuel(@RpcActor() actor: Actor | undefined, @RpcBody(orderContracts.quoteFuel) request: RpcPayloadOf<typeof orderContracts.quoteFuel>) {
    return this.fuel.quote(requireMember(actor), request);
  }

  @Rpc(orderContracts.placeFuel)
  placeFuel(@RpcActor() actor: Actor | undefined, @RpcBody(orderContracts.placeFuel) request: RpcPayloadOf<typeof orderContracts.placeFuel>, @RpcRequestKey() requestKey: string | undefined) {
    return this.fuel.place(requireMember(actor), request, requestKey);
  }

  @Rpc(orderContracts.quoteMall)
  quoteMall(@RpcActor() actor: Actor | undefined, @RpcBody(orderContracts.quoteMall) request: RpcPayloadOf<typeof orderContracts.quoteMall>) {
    return this.mall.quote(requireMember(actor), request);
  }

  @Rpc(orderContracts.placeMall)
  placeMall(@RpcActor() actor: Actor | undefined, @RpcBody(orderContracts.placeMall) request: RpcPayloadOf<typeof orderContracts.placeMall>, @RpcRequestKey() requestKey: string | undefined) {
    return this.mall.place(requireMember(actor), request, requestKey);
  }

  /** Staff of that very station (the attendant, staff entry) or another service. */
  @Rpc(orderContracts.redeemPickup)
  redeemPickup(@RpcActor() actor: Actor | undefined, @RpcBody(orderContracts.redeemPickup) { stationId, code }: RpcPayloadOf<typeof orderContracts.redeemPickup>) {
    requireStationStaffOrSystem(actor, stationId);
    return this.orders.redeemPickup(stationId, code);
  }

  @Rpc(orderContracts.ship)
  async ship(@RpcActor() actor: Actor | undefined, @RpcBody(orderContracts.ship) { orderNo, carrier, waybillNo }: RpcPayloadOf<typeof orderContracts.ship>) {
    requireStationStaffOrSystem(actor, (await this.orders.get(orderNo, null)).stationId);
    return this.orders.ship(orderNo, carrier, waybillNo);
  }

  /** Public by nature (the carrier calls the gateway): trust comes from the push's signature, checked here. */
  @Rpc(orderContracts.trackingPush)
  trackingPush(@RpcBody(orderContracts.trackingPush) { body }: RpcPayloadOf<typeof orderContracts.trackingPush>) {
    return this.orders.trackingPush(body);
  }

  @Rpc(orderContracts.list)
  list(@RpcActor() actor: Actor | undefined, @RpcBody(orderContracts.list) query: RpcPayloadOf<typeof orderContracts.list>) {
    return this.orders.list(requireMember(actor), query);
  }

  @Rpc(orderContracts.get)
  get(@RpcActor() actor: Actor | undefined, @RpcBody(orderContracts.get) { orderNo }: RpcPayloadOf<typeof orderContracts.get>) {
    return this.orders.get(orderNo, actor?.kind === 'system' ? null : requireMember(actor));
  }

  @Rpc(orderContracts.cancel)
  cancel(@RpcActor() actor: Actor | undefined, @RpcBody(orderContracts.cancel) { orderNo }: RpcPayloadOf<typeof orderContracts.cancel>, @RpcKeptKey(orderContracts.cancel) key: KeptKey | undefined) {
    return this.orders.cancel(orderNo, requireMember(actor), key);
  }

  @Rpc(orderContracts.requestRefund)
  requestRefund(@RpcActor() actor: Actor | undefined, @RpcBody(orderContracts.requestRefund) { orderNo }: RpcPayloadOf<typeof orderContracts.requestRefund>, @RpcKeptKey(orderContracts.requestRefund) key: KeptKey | undefined) {
    return this.orders.requestRefund(orderNo, requireMember(actor), key);
  }

  @Rpc(orderContracts.refundByStation)
  async refundByStation(@RpcActor() actor: Actor | undefined, @RpcBody(orderContracts.refundByStation) { orderNo }: RpcPayloadOf<typeof orderContracts.refundByStation>, @RpcKeptKey(orderContracts.refundByStation) key: KeptKey | undefined) {
    // Money goes back: the station's manager decides, not the attendant.
    requireStationStaffOrSystem(actor, (await this.orders.get(orderNo, null)).stationId, ['manager']);
    return this.orders.requestRefund(orderNo, null, key);
  }

  @Rpc(orderContracts.paid)
  paid(@RpcActor() actor: Actor | undefined, @RpcBody(orderContracts.paid) { orderNo, intentNo, amountFen }: RpcPayloadOf<typeof orderContracts.paid>) {
    if (requireSystem(actor) !== 'payment') throw new DomainError(ErrorCode.FORBIDDEN, '没有权限');
    return this.orders.paid(orderNo, intentNo, amountFen);
  }

  @Rpc(orderContracts.refunded)
  refunded(@RpcActor() actor: Actor | undefined, @RpcBody(orderContracts.refunded) { orderNo }: RpcPayloadOf<typeof orderContracts.refunded>) {
    if (requireSystem(actor) !== 'payment') throw new DomainError(ErrorCode.FORBIDDEN, '没有权限');
    return this.orders.refunded(orderNo);
  }

  /** Another service, or staff of that very station (the staff entry's attendant board). */
  @Rpc(orderContracts.pumpBoard)
  pumpBoard(@RpcActor() actor: Actor | undefined, @RpcBody(orderContracts.pumpBoard) { stationId }: RpcPayloadOf<typeof orderContracts.pumpBoard>) {
    requireStationStaffOrSystem(actor, stationId);
    return this.fuel.pumpBoard(stationId);
  }
}
