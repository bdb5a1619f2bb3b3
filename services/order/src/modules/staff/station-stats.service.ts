/**
 * A station's counter figures per bucket (stats-periods.ts): redemptions (pickups handed over, fuel orders marked
 * fuelled, by when it happened) and sales (orders paid in the bucket and not refunded since: count, payable fen,
 * and for fuel the centilitres). Plain range queries that MySQL and the embedded database answer alike.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOCK, type Clock, type StationStats, type StationStatsBucket, type StatsPeriod } from '@fuel/shared';
import { FuelOrderLineEntity, OrderEntity, OrderTransitionEntity } from '../orders/order.entity.js';
import { statsBuckets, type Bucket } from './stats-periods.js';

type Raw = Record<string, string | number | null>;
const n = (value: string | number | null | undefined) => Number(value ?? 0);

@Injectable()
export class StationStatsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async stats(stationId: number, period: StatsPeriod): Promise<StationStats> {
    const buckets = await Promise.all(statsBuckets(period, this.clock.now()).map((bucket) => this.bucket(stationId, bucket)));
    return { stationId, period, buckets };
  }

  private async bucket(stationId: number, { start, end, label }: Bucket): Promise<StationStatsBucket> {
    const range = { stationId, start, end };
    const [sales, fuel, redeemed] = await Promise.all([
      this.dataSource
        .createQueryBuilder(OrderEntity, 'o')
        .select("SUM(CASE WHEN o.kind = 'mall' THEN 1 ELSE 0 END)", 'mallOrders')
        .addSelect("SUM(CASE WHEN o.kind = 'mall' THEN o.payable_fen ELSE 0 END)", 'mallSalesFen')
        .addSelect("SUM(CASE WHEN o.kind = 'fuel' THEN 1 ELSE 0 END)", 'fuelOrders')
        .addSelect("SUM(CASE WHEN o.kind = 'fuel' THEN o.payable_fen ELSE 0 END)", 'fuelSalesFen')
        .where("o.station_id = :stationId AND o.paid_at >= :start AND o.paid_at < :end AND o.status NOT IN ('refund_requested', 'refunded')", range)
        .getRawOne<Raw>(),
      this.dataSource
        .createQueryBuilder(FuelOrderLineEntity, 'l')
        .innerJoin(OrderEntity, 'o', 'o.id = l.order_id')
        .select('SUM(l.centilitres)', 'centilitres')
        .where("o.station_id = :stationId AND o.paid_at >= :start AND o.paid_at < :end AND o.status NOT IN ('refund_requested', 'refunded')", range)
        .getRawOne<Raw>(),
      this.dataSource
        .createQueryBuilder(OrderTransitionEntity, 't')
        .innerJoin(OrderEntity, 'o', 'o.id = t.order_id')
        .select("SUM(CASE WHEN t.reason = 'redeemed' AND t.to_status = 'picked_up' THEN 1 ELSE 0 END)", 'pickups')
        .addSelect("SUM(CASE WHEN t.reason = 'fuelled' THEN 1 ELSE 0 END)", 'fuelled')
        .where('o.station_id = :stationId AND t.created_at >= :start AND t.created_at < :end', range)
        .getRawOne<Raw>(),
    ]);
    return {
      start: start.toISOString(),
      label,
      pickupsRedeemed: n(redeemed?.pickups),
      fuelOrdersCompleted: n(redeemed?.fuelled),
      mallOrders: n(sales?.mallOrders),
      mallSalesFen: n(sales?.mallSalesFen),
      fuelOrders: n(sales?.fuelOrders),
      fuelSalesFen: n(sales?.fuelSalesFen),
      fuelCentilitres: n(fuel?.centilitres),
    };
  }
}
