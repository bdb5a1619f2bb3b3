import { Controller } from '@nestjs/common';
import { DomainError, ErrorCode, orderContracts, requireMember, requireSystem, Rpc, RpcActor, RpcBody, type Actor, type RpcPayloadOf } from '@fuel/shared';
import { FuelOrderService } from '../fuel/fuel-order.service.js';
import { OrderService } from './order.service.js';

/** A member acts on their own orders only (the member id comes from the signed actor); the payment service reports payments. */
@Controller()
export class OrderRpcController {
  constructor(
    private readonly orders: OrderService,
    private readonly fuel: FuelOrderService,
  ) {}

  @Rpc(orderContracts.quoteFuel)
  quoteFuel(@RpcActor() actor: Actor | undefined, @RpcBody(orderContracts.quoteFuel) request: RpcPayloadOf<typeof orderContracts.quoteFuel>) {
    return this.fuel.quote(requireMember(actor), request);
  }

  @Rpc(orderContracts.placeFuel)
  placeFuel(@RpcActor() actor: Actor | undefined, @RpcBody(orderContracts.placeFuel) request: RpcPayloadOf<typeof orderContracts.placeFuel>) {
    return this.fuel.place(requireMember(actor), request);
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
  cancel(@RpcActor() actor: Actor | undefined, @RpcBody(orderContracts.cancel) { orderNo }: RpcPayloadOf<typeof orderContracts.cancel>) {
    return this.orders.cancel(orderNo, requireMember(actor));
  }

  @Rpc(orderContracts.requestRefund)
  requestRefund(@RpcActor() actor: Actor | undefined, @RpcBody(orderContracts.requestRefund) { orderNo }: RpcPayloadOf<typeof orderContracts.requestRefund>) {
    return this.orders.requestRefund(orderNo, requireMember(actor));
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
    const ownStation = actor?.kind === 'staff' && actor.stationId === String(stationId);
    if (actor?.kind !== 'system' && !ownStation) throw new DomainError(ErrorCode.FORBIDDEN, '没有权限');
    return this.fuel.pumpBoard(stationId);
  }
}
