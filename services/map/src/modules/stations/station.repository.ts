import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { RegionEntity, StationEntity, StationPriceEntity } from './station.entity.js';

@Injectable()
export class StationRepository {
  constructor(private readonly dataSource: DataSource) {}

  regions(): Promise<RegionEntity[]> {
    return this.dataSource.getRepository(RegionEntity).find({ order: { code: 'ASC' } });
  }

  page(filter: { regionCode?: string }, page: number, pageSize: number): Promise<[StationEntity[], number]> {
    return this.dataSource.getRepository(StationEntity).findAndCount({
      where: filter.regionCode ? { regionCode: filter.regionCode } : {},
      order: { id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
  }

  byIds(ids: number[]): Promise<StationEntity[]> {
    return ids.length ? this.dataSource.getRepository(StationEntity).findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  positions(): Promise<Array<Pick<StationEntity, 'id' | 'lat' | 'lng'>>> {
    return this.dataSource.getRepository(StationEntity).find({ select: { id: true, lat: true, lng: true } });
  }

  byId(id: number): Promise<StationEntity | null> {
    return this.dataSource.getRepository(StationEntity).findOneBy({ id });
  }

  pricesFor(stationIds: number[]): Promise<StationPriceEntity[]> {
    if (stationIds.length === 0) return Promise.resolve([]);
    return this.dataSource
      .getRepository(StationPriceEntity)
      .find({ where: { stationId: In(stationIds) }, order: { stationId: 'ASC', grade: 'ASC' } });
  }
}
