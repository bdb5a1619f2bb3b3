/**
 * Platform-wide member figures per bucket for the regional dashboard: members registered and coupons issued
 * (both by their row's creation time, written by the database in UTC). Members and coupons belong to no station.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { bucketIndexSql, CLOCK, onReplica, statsBuckets, type Clock, type MemberStatsBucket, type StatsPeriod } from '@fuel/shared';

@Injectable()
export class MemberStatsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async perBucket(period: StatsPeriod): Promise<MemberStatsBucket[]> {
    const buckets = statsBuckets(period, this.clock.now());
    const count = async (table: 'members' | 'coupons') => {
      const { sql, params } = bucketIndexSql('t.created_at', buckets);
      const rows = await onReplica(this.dataSource, (m) => m
        .createQueryBuilder()
        .from(table, 't')
        .select(sql, 'bucket')
        .addSelect('COUNT(*)', 'n')
        .where(`t.created_at >= :bucket0 AND t.created_at < :bucket${buckets.length}`, params)
        .groupBy('bucket')
        .getRawMany<{ bucket: string | number | null; n: string | number }>());
      return new Map(rows.filter((r) => r.bucket !== null).map((r) => [Number(r.bucket), Number(r.n)]));
    };
    const [members, coupons] = await Promise.all([count('members'), count('coupons')]);
    return buckets.map((bucket, index) => ({ start: bucket.start.toISOString(), label: bucket.label, newMembers: members.get(index) ?? 0, couponsIssued: coupons.get(index) ?? 0 }));
  }
}
