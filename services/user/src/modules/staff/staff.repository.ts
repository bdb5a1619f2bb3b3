import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { currentContext, onPrimary } from '@fuel/shared';
import { StaffAuditEntity, StaffEntity } from './staff.entity.js';

@Injectable()
export class StaffRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Sign-in reads the primary: a just-disabled account must not slip through a lagging replica. */
  byUsername(username: string): Promise<StaffEntity | null> {
    return onPrimary(this.dataSource, (m) => m.findOneBy(StaffEntity, { username }));
  }

  byId(id: number): Promise<StaffEntity | null> {
    return this.dataSource.getRepository(StaffEntity).findOneBy({ id });
  }

  async audit(entry: { staffId: number | null; username: string; action: string; outcome: 'success' | 'failure'; detail?: string }): Promise<void> {
    await this.dataSource.getRepository(StaffAuditEntity).insert({
      ...entry,
      detail: entry.detail ?? null,
      requestId: currentContext()?.requestId ?? null,
      createdAt: new Date(),
    });
  }
}
