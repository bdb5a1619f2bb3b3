import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber, sealedColumn } from '@fuel/shared';

@Entity('member_addresses')
export class AddressEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintNumber }) id!: number;
  @Column({ name: 'member_id', type: 'bigint', transformer: bigintNumber }) memberId!: number;
  @Column({ name: 'recipient_enc', type: 'varchar', length: 255, transformer: sealedColumn }) recipient!: string;
  @Column({ name: 'phone_enc', type: 'varchar', length: 255, transformer: sealedColumn }) phone!: string;
  /** Province, city, district (not secret; what delivery is priced and routed by). */
  @Column({ type: 'varchar', length: 64 }) region!: string;
  @Column({ name: 'detail_enc', type: 'varchar', length: 768, transformer: sealedColumn }) detail!: string;
  @Column({ name: 'is_default', type: 'boolean' }) isDefault!: boolean;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt!: Date;
  @Column({ name: 'removed_at', type: 'datetime', precision: 3, nullable: true }) removedAt!: Date | null;
}
