import { Controller } from '@nestjs/common';
import { orderContracts, requireStaff, requireStaffAtStation, Rpc, RpcActor, RpcBody, RpcKeptKey, RpcRequestKey, ServiceClient, type Actor, type KeptKey, type RpcPayloadOf } from '@fuel/shared';
import { OrderService } from '../orders/order.service.js';
import { InventoryService } from '../products/inventory.service.js';
import { RedemptionService } from './redemption.service.js';
import { StationStatsService } from './station-stats.service.js';

/** The staff entry: each handler checks role and station scope first (the gateway checked the role already). */
@Controller()
export class StaffRpcController {
  constructor(
    private readonly services: ServiceClient,
    private readonly redemption: RedemptionService,
    private readonly inventory: InventoryService,
    private readonly stats: StationStatsService,
    private readonly orders: OrderService,
  ) {}

  @Rpc(orderContracts.previewRedemption)
  async preview(@RpcActor() actor: Actor | undefined, @RpcBody(orderContracts.previewRedemption) { stationId, code }: RpcPayloadOf<typeof orderContracts.previewRedemption>) {
    return this.redemption.preview(await requireStaffAtStation(this.services, actor, ['attendant', 'manager'], stationId), stationId, code);
  }

  @Rpc(orderContracts.confirmRedemption)
  async confirm(@RpcActor() actor: Actor | undefined, @RpcBody(orderContracts.confirmRedemption) { stationId, code, amountFen }: RpcPayloadOf<typeof orderContracts.confirmRedemption>, @RpcRequestKey() requestKey: string | undefined) {
    return this.redemption.confirm(await requireStaffAtStation(this.services, actor, ['attendant', 'manager'], stationId), stationId, code, amountFen, requestKey);
  }

  @Rpc(orderContracts.stationOrders)
  async stationOrders(@RpcActor() actor: Actor | undefined, @RpcBody(orderContracts.stationOrders) { stationId, view, page, pageSize }: RpcPayloadOf<typeof orderContracts.stationOrders>) {
    await requireStaffAtStation(this.services, actor, ['attendant', 'manager', 'regional_admin'], stationId);
    return this.orders.stationList(stationId, view, page, pageSize);
  }

  @Rpc(orderContracts.stockLevels)
  async stockLevels(@RpcActor() actor: Actor | undefined, @RpcBody(orderContracts.stockLevels) { stationId }: RpcPayloadOf<typeof orderContracts.stockLevels>) {
    await requireStaffAtStation(this.services, actor, ['manager', 'regional_admin'], stationId);
    return this.inventory.levels(stationId);
  }

  @Rpc(orderContracts.adjustStock)
  async adjustStock(@RpcActor() actor: Actor | undefined, @RpcBody(orderContracts.adjustStock) { stationId, adjustment: { productId, delta, reason, note } }: RpcPayloadOf<typeof orderContracts.adjustStock>, @RpcKeptKey(orderContracts.adjustStock) key: KeptKey | undefined) {
    await requireStaffAtStation(this.services, actor, ['manager'], stationId);
    return this.inventory.adjust(stationId, productId, delta, reason, note, key);
  }

  @Rpc(orderContracts.stationStats)
  async stationStats(@RpcActor() actor: Actor | undefined, @RpcBody(orderContracts.stationStats) { stationId, period }: RpcPayloadOf<typeof orderContracts.stationStats>) {
    await requireStaffAtStation(this.services, actor, ['manager', 'regional_admin'], stationId);
    return this.stats.station(stationId, period);
  }

  @Rpc(orderContracts.regionDashboard)
  regionDashboard(@RpcActor() actor: Actor | undefined, @RpcBody(orderContracts.regionDashboard) { period }: RpcPayloadOf<typeof orderContracts.regionDashboard>) {
    return this.stats.region(requireStaff(actor, ['regional_admin']).regionCode, period);
  }
}
