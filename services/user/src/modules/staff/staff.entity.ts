import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber, encryptedColumn, type StaffRole } from '@fuel/shared';

@Entity('staff')
export class StaffEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintNumber }) id: number;
  @Column({ type: 'varchar', length: 64 }) username: string;
  @Column({ name: 'display_name', type: 'varchar', length: 64 }) displayName: string;
  @Column({ type: 'varchar', length: 24 }) role: StaffRole;
  @Column({ name: 'station_id', type: 'bigint', nullable: true, transformer: bigintNumber }) stationId: number | null;
  @Column({ name: 'region_code', type: 'varchar', length: 8 }) regionCode: string;
  /** argon2id */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 }) passwordHash: string;
  /** SM4-encrypted at rest; found by phone through the blind index. */
  @Column({ name: 'phone_enc', type: 'varchar', length: 255, transformer: encryptedColumn }) phone: string;
  @Column({ name: 'phone_bidx', type: 'varchar', length: 64 }) phoneIndex: string;
  @Column({ type: 'varchar', length: 16 }) status: 'active' | 'disabled';
}

/** Every staff action, including sign-in attempts (MLPS level 2 audit trail). */
@Entity('staff_audit')
export class StaffAuditEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintNumber }) id: number;
  @Column({ name: 'staff_id', type: 'bigint', nullable: true, transformer: bigintNumber }) staffId: number | null;
  @Column({ type: 'varchar', length: 64 }) username: string;
  @Column({ type: 'varchar', length: 48 }) action: string;
  @Column({ type: 'varchar', length: 16 }) outcome: 'success' | 'failure';
  @Column({ type: 'text', nullable: true }) detail: string | null;
  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true }) requestId: string | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}
