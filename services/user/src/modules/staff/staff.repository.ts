import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { insertSealed, onPrimary } from '@fuel/shared';
import { StaffEntity } from './staff.entity.js';

@Injectable()
export class StaffRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Sign-in reads the primary: a just-disabled account must not slip through a lagging replica. */
  byUsername(username: string): Promise<StaffEntity | null> {
    return onPrimary(this.dataSource, (m) => m.findOneBy(StaffEntity, { username }));
  }

  byId(id: number): Promise<StaffEntity | null> {
    return onPrimary(this.dataSource, (m) => m.findOneBy(StaffEntity, { id }));
  }

  inRegion(regionCode: string): Promise<StaffEntity[]> {
    return onPrimary(this.dataSource, (m) => m.find(StaffEntity, { where: { regionCode }, order: { stationId: 'ASC', role: 'ASC', username: 'ASC' } }));
  }

  /** In `manager`'s transaction when given (and read back there). */
  async insert(staff: Omit<StaffEntity, 'id'>, manager: EntityManager = this.dataSource.manager): Promise<StaffEntity> {
    const { id } = await insertSealed(manager, StaffEntity, staff);
    return manager === this.dataSource.manager ? (await this.byId(id))! : manager.findOneByOrFail(StaffEntity, { id });
  }

  async update(id: number, changes: Partial<Omit<StaffEntity, 'id'>>, manager: EntityManager = this.dataSource.manager): Promise<StaffEntity> {
    await manager.update(StaffEntity, { id }, changes);
    return manager === this.dataSource.manager ? (await this.byId(id))! : manager.findOneByOrFail(StaffEntity, { id });
  }
}
