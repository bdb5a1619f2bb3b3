import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber, sealedColumn, type StaffRole } from '@fuel/shared';

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
  @Column({ name: 'phone_enc', type: 'varchar', length: 255, transformer: sealedColumn }) phone: string;
  @Column({ name: 'phone_bidx', type: 'varchar', length: 64 }) phoneIndex: string;
  @Column({ type: 'varchar', length: 16 }) status: 'active' | 'disabled';
  /** Set for a one-time password (new account, reset): only the change is allowed until it is changed. */
  @Column({ name: 'must_change_password', type: 'boolean', default: false }) mustChangePassword: boolean;
  @Column({ name: 'password_changed_at', type: 'datetime', precision: 3, nullable: true }) passwordChangedAt: Date | null;
  /** Moves on when every session of the account must end at once (staff-sessions.ts). */
  @Column({ name: 'session_generation', type: 'int', default: 0 }) sessionGeneration: number;
}

/** An open staff session (staff-sessions.ts); the access token names it. */
@Entity('staff_sessions')
export class StaffSessionEntity {
  @PrimaryColumn({ name: 'session_id', type: 'varchar', length: 36 }) sessionId: string;
  @Column({ name: 'staff_id', type: 'bigint', transformer: bigintNumber }) staffId: number;
  /** The account's session generation when it opened: a later one (disable, reset, move) ends it. */
  @Column({ type: 'int' }) generation: number;
  @Column({ name: 'must_change_password', type: 'boolean', default: false }) mustChangePassword: boolean;
  @Column({ name: 'started_at', type: 'datetime', precision: 3 }) startedAt: Date;
  @Column({ name: 'last_seen_at', type: 'datetime', precision: 3 }) lastSeenAt: Date;
  /** Joined for the check: the account's current generation. */
  account?: Pick<StaffEntity, 'id' | 'sessionGeneration'>;
}
