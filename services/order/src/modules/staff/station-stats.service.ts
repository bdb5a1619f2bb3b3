/**
 * Counter figures per bucket (stats-buckets in @fuel/shared) for one station or every station of a region:
 * redemptions (pickups handed over, fuel orders marked fuelled, by when it happened) and sales (orders paid in the
 * bucket and not refunded since: count, payable fen, coupons on them, and for fuel the centilitres). Three grouped
 * queries whatever the number of buckets and stations, the same SQL on MySQL and the embedded database.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { bucketIndexSql, CLOCK, mapContracts, memberContracts, onReplica, ServiceClient, statsBuckets, type Bucket, type Clock, type RegionDashboard, type StationStats, type StationStatsBucket, type StatsPeriod } from '@fuel/shared';
import { FuelOrderLineEntity, OrderEntity, OrderTransitionEntity } from '../orders/order.entity.js';

type Figures = Omit<StationStatsBucket, 'start' | 'label'>;
type Raw = { stationId: string | number; bucket: string | number | null } & Record<string, string | number | null>;
const FIGURES: Array<keyof Figures> = ['couponsUsed', 'pickupsRedeemed', 'fuelOrdersCompleted', 'mallOrders', 'mallSalesFen', 'fuelOrders', 'fuelSalesFen', 'fuelCentilitres'];
const SOLD = "o.status NOT IN ('refund_requested', 'refunded')";
/** Coupons on an order: its comma-separated id list counted by its commas. */
const COUPON_COUNT = "CASE WHEN o.coupon_ids = '' OR o.coupon_ids IS NULL THEN 0 ELSE LENGTH(o.coupon_ids) - LENGTH(REPLACE(o.coupon_ids, ',', '')) + 1 END";

@Injectable()
export class StationStatsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly services: ServiceClient,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async station(stationId: number, period: StatsPeriod): Promise<StationStats> {
    const buckets = statsBuckets(period, this.clock.now());
    return { stationId, period, buckets: (await this.figures([stationId], buckets)).get(stationId)! };
  }

  async region(regionCode: string, period: StatsPeriod): Promise<RegionDashboard> {
    const buckets = statsBuckets(period, this.clock.now());
    const [stations, members] = await Promise.all([
      this.services.callAsSystem(mapContracts.listStations, { regionCode, page: 1, pageSize: 100 }),
      this.services.callAsSystem(memberContracts.memberStats, { period }),
    ]);
    const byStation = await this.figures(stations.items.map((s) => s.id), buckets);
    const total = buckets.map((bucket, index) => {
      const sum = { ...bucketHead(bucket), ...zero() };
      for (const figures of byStation.values()) for (const key of FIGURES) sum[key] += figures[index]![key];
      return sum;
    });
    return { regionCode, period, total, stations: stations.items.map((s) => ({ stationId: s.id, stationName: s.name, buckets: byStation.get(s.id)! })), members };
  }

  /** Reports are what the replica is for: it answers them when it has caught up (`onReplica`). */
  private async figures(stationIds: number[], buckets: Bucket[]): Promise<Map<number, StationStatsBucket[]>> {
    const result = new Map(stationIds.map((id) => [id, buckets.map((bucket) => ({ ...bucketHead(bucket), ...zero() }))]));
    if (!stationIds.length) return result;
    return onReplica(this.dataSource, (manager) => this.figuresOn(manager, result, stationIds, buckets));
  }

  private async figuresOn(manager: EntityManager, result: Map<number, StationStatsBucket[]>, stationIds: number[], buckets: Bucket[]): Promise<Map<number, StationStatsBucket[]>> {
    const grouped = <T extends object>(query: SelectQueryBuilder<T>, column: string) => {
      const { sql, params } = bucketIndexSql(column, buckets);
      return query
        .addSelect('o.station_id', 'stationId')
        .addSelect(sql, 'bucket')
        .andWhere('o.station_id IN (:...stationIds)', { stationIds })
        .andWhere(`${column} >= :bucket0 AND ${column} < :bucket${buckets.length}`, params)
        .groupBy('o.station_id')
        .addGroupBy('bucket')
        .getRawMany<Raw>();
    };
    const [sales, litres, redeemed] = await Promise.all([
      grouped(
        manager
          .createQueryBuilder(OrderEntity, 'o')
          .select("SUM(CASE WHEN o.kind = 'mall' THEN 1 ELSE 0 END)", 'mallOrders')
          .addSelect("SUM(CASE WHEN o.kind = 'mall' THEN o.payable_fen ELSE 0 END)", 'mallSalesFen')
          .addSelect("SUM(CASE WHEN o.kind = 'fuel' THEN 1 ELSE 0 END)", 'fuelOrders')
          .addSelect("SUM(CASE WHEN o.kind = 'fuel' THEN o.payable_fen ELSE 0 END)", 'fuelSalesFen')
          .addSelect(`SUM(${COUPON_COUNT})`, 'couponsUsed')
          .where(SOLD),
        'o.paid_at',
      ),
      grouped(manager.createQueryBuilder(FuelOrderLineEntity, 'l').innerJoin(OrderEntity, 'o', 'o.id = l.order_id').select('SUM(l.centilitres)', 'fuelCentilitres').where(SOLD), 'o.paid_at'),
      grouped(
        manager
          .createQueryBuilder(OrderTransitionEntity, 't')
          .innerJoin(OrderEntity, 'o', 'o.id = t.order_id')
          .select("SUM(CASE WHEN t.reason = 'redeemed' AND t.to_status = 'picked_up' THEN 1 ELSE 0 END)", 'pickupsRedeemed')
          .addSelect("SUM(CASE WHEN t.reason = 'fuelled' THEN 1 ELSE 0 END)", 'fuelOrdersCompleted')
          .where('1 = 1'),
        't.created_at',
      ),
    ]);
    for (const row of [...sales, ...litres, ...redeemed]) {
      const bucket = row.bucket === null ? undefined : result.get(Number(row.stationId))?.[Number(row.bucket)];
      if (!bucket) continue;
      for (const key of FIGURES) if (row[key] !== undefined) bucket[key] += Number(row[key] ?? 0);
    }
    return result;
  }
}

const bucketHead = (bucket: Bucket) => ({ start: bucket.start.toISOString(), label: bucket.label });
const zero = (): Figures => ({ couponsUsed: 0, pickupsRedeemed: 0, fuelOrdersCompleted: 0, mallOrders: 0, mallSalesFen: 0, fuelOrders: 0, fuelSalesFen: 0, fuelCentilitres: 0 });
