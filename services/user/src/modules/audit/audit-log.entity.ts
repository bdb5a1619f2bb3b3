import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber, type StaffRole } from '@fuel/shared';

/** One staff action; written once, never changed (the writing account may only INSERT and SELECT). */
@Entity('staff_audit_log')
export class AuditLogEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber }) seq: number;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  @Column({ name: 'staff_id', type: 'bigint', nullable: true, transformer: bigintNumber }) staffId: number | null;
  @Column({ type: 'varchar', length: 64 }) username: string;
  @Column({ type: 'varchar', length: 24, nullable: true }) role: StaffRole | null;
  @Column({ name: 'station_id', type: 'bigint', nullable: true, transformer: bigintNumber }) stationId: number | null;
  @Column({ name: 'region_code', type: 'varchar', length: 8, nullable: true }) regionCode: string | null;
  @Column({ type: 'varchar', length: 48 }) action: string;
  @Column({ type: 'varchar', length: 128, nullable: true }) target: string | null;
  @Column({ type: 'varchar', length: 16 }) outcome: 'success' | 'failure';
  @Column({ type: 'text', nullable: true }) detail: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) ip: string | null;
  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true }) requestId: string | null;
  @Column({ name: 'prev_hash', type: 'varchar', length: 64 }) prevHash: string;
  @Column({ type: 'varchar', length: 64 }) hash: string;
}
