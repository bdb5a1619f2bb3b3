import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { onReplica } from '@fuel/shared';
import { RegionEntity, StationEntity, StationPriceEntity } from './station.entity.js';

/** The public station reads, which the replica serves when it has caught up (`onReplica`). */
@Injectable()
export class StationRepository {
  constructor(private readonly dataSource: DataSource) {}

  private read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return onReplica(this.dataSource, work);
  }

  regions(): Promise<RegionEntity[]> {
    return this.read((m) => m.getRepository(RegionEntity).find({ order: { code: 'ASC' } }));
  }

  page(filter: { regionCode?: string }, page: number, pageSize: number): Promise<[StationEntity[], number]> {
    return this.read((m) => m.getRepository(StationEntity).findAndCount({
      where: filter.regionCode ? { regionCode: filter.regionCode } : {},
      order: { id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    }));
  }

  byIds(ids: number[]): Promise<StationEntity[]> {
    return ids.length ? this.read((m) => m.getRepository(StationEntity).findBy({ id: In(ids) })) : Promise.resolve([]);
  }

  positions(): Promise<Array<Pick<StationEntity, 'id' | 'lat' | 'lng'>>> {
    return this.read((m) => m.getRepository(StationEntity).find({ select: { id: true, lat: true, lng: true } }));
  }

  byId(id: number): Promise<StationEntity | null> {
    return this.read((m) => m.getRepository(StationEntity).findOneBy({ id }));
  }

  pricesFor(stationIds: number[]): Promise<StationPriceEntity[]> {
    if (stationIds.length === 0) return Promise.resolve([]);
    return this.read((m) => m.getRepository(StationPriceEntity).find({ where: { stationId: In(stationIds) }, order: { stationId: 'ASC', grade: 'ASC' } }));
  }
}
