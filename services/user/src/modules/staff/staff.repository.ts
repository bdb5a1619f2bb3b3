import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
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

  async insert(staff: Omit<StaffEntity, 'id'>): Promise<StaffEntity> {
    const { id } = await insertSealed(this.dataSource.manager, StaffEntity, staff);
    return (await this.byId(id))!;
  }

  async update(id: number, changes: Partial<Omit<StaffEntity, 'id'>>): Promise<StaffEntity> {
    await this.dataSource.getRepository(StaffEntity).update({ id }, changes);
    return (await this.byId(id))!;
  }
}
