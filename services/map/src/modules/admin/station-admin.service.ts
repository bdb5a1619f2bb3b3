/**
 * Regional admins create and edit the stations of their own region. An address without coordinates is
 * geocoded; every change refreshes the geo index and drops the cached summary.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  toCanonical,
  DomainError,
  ErrorCode,
  isUniqueViolation,
  KeptReplies,
  type Actor,
  type KeptKey,
  type StationCreateInput,
  type StationDetail,
  type StationUpdateInput,
  onPrimary,
  unlessHotStoreDown,
} from '@fuel/shared';
import { Geocoder } from '../../infra/adapters/baidu/geocoder.js';
import { NearbyService } from '../nearby/nearby.service.js';
import { StationEntity } from '../stations/station.entity.js';
import { StationSummaryCache } from '../stations/station-summary.cache.js';
import { StationService } from '../stations/station.service.js';

function requireRegionalAdmin(actor: Actor | undefined): string {
  if (actor?.kind !== 'staff' || actor.role !== 'regional_admin' || !actor.regionCode) {
    throw new DomainError(ErrorCode.FORBIDDEN, '仅区域管理员可以管理加油站');
  }
  return actor.regionCode;
}

@Injectable()
export class StationAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly geocoder: Geocoder,
    private readonly nearby: NearbyService,
    private readonly summaries: StationSummaryCache,
    private readonly stations: StationService,
    private readonly kept: KeptReplies,
  ) {}

  /** The same request again (its Idempotency-Key) answers the station it created, as it is now. */
  async create(actor: Actor | undefined, input: StationCreateInput, key?: KeptKey): Promise<StationDetail> {
    const regionCode = requireRegionalAdmin(actor);
    const created = (id: number) => this.stations.detail(id);
    return this.kept.once<StationDetail, number>(
      key,
      async (keep) => {
        const location = await this.locate(input.address, input.location);
        const { location: _given, ...fields } = input;
        const id = await this.dataSource.transaction(async (manager) => {
          let saved: StationEntity;
          try {
            saved = await manager.save(StationEntity, { ...fields, ...location, regionCode, priceSeq: 0 });
          } catch (error) {
            if (isUniqueViolation(error)) throw new DomainError(ErrorCode.CONFLICT, '站点编码已存在', { fields: [{ field: 'body.code', message: '已存在' }] });
            throw error;
          }
          await keep(manager, saved.id);
          return saved.id;
        });
        await this.placeOnMap(id, location);
        return created(id);
      },
      created,
    );
  }

  /** After the commit; with Redis away the index is loaded again, this station included, when it is back. */
  private placeOnMap(id: number, location: { lat: number; lng: number }): Promise<void> {
    return unlessHotStoreDown(() => this.nearby.geo.upsert(id, location.lat, location.lng), () => undefined);
  }

  async update(actor: Actor | undefined, id: number, changes: StationUpdateInput): Promise<StationDetail> {
    const regionCode = requireRegionalAdmin(actor);
    const repository = this.dataSource.getRepository(StationEntity);
    const station = await onPrimary(this.dataSource, (m) => m.findOneBy(StationEntity, { id }));
    if (!station) throw DomainError.notFound('加油站', id);
    if (station.regionCode !== regionCode) throw new DomainError(ErrorCode.FORBIDDEN, '只能管理本区域的加油站');
    const { location: given, ...fields } = changes;
    const location = given || fields.address ? await this.locate(fields.address ?? station.address, given) : undefined;
    await repository.update({ id }, { ...fields, ...location });
    if (location) await this.placeOnMap(id, location);
    await this.summaries.stationChanged(id);
    return this.stations.detail(id);
  }

  private async locate(address: string, given: StationCreateInput['location']): Promise<{ lat: number; lng: number }> {
    if (given) return toCanonical(given, given.coordType);
    const found = await this.geocoder.geocode(address);
    if (!found) throw DomainError.invalid([{ field: 'body.address', message: '无法解析该地址，请提供坐标' }], '地址无法定位');
    return found;
  }
}
