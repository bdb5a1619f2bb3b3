import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber, fenColumn, jsonColumn, type Fen } from '@fuel/shared';
import type { CouponCategory, CouponStatus } from './coupon-rules.js';


@Entity('coupon_templates')
export class CouponTemplateEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintNumber }) id: number;
  @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 64 }) name: string;
  @Column({ type: 'varchar', length: 16 }) category: CouponCategory;
  @Column({ name: 'threshold_fen', type: 'bigint', transformer: fenColumn }) thresholdFen: Fen;
  @Column({ name: 'discount_fen', type: 'bigint', transformer: fenColumn }) discountFen: Fen;
  @Column({ type: 'text', nullable: true, transformer: jsonColumn }) grades: string[] | null;
  @Column({ name: 'mall_categories', type: 'text', nullable: true, transformer: jsonColumn }) mallCategories: string[] | null;
  @Column({ name: 'valid_days', type: 'int' }) validDays: number;
  @Column({ type: 'int', transformer: { to: (v: boolean) => (v ? 1 : 0), from: (v: number) => Boolean(Number(v)) } }) stackable: boolean;
}

@Entity('coupons')
export class CouponEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintNumber }) id: number;
  @Column({ name: 'member_id', type: 'bigint', transformer: bigintNumber }) memberId: number;
  @Column({ name: 'template_id', type: 'bigint', transformer: bigintNumber }) templateId: number;
  @Column({ type: 'varchar', length: 16 }) status: CouponStatus;
  @Column({ name: 'valid_from', type: 'datetime', precision: 3 }) validFrom: Date;
  @Column({ name: 'valid_until', type: 'datetime', precision: 3 }) validUntil: Date;
  @Column({ name: 'order_ref', type: 'varchar', length: 64, nullable: true }) orderRef: string | null;
  @Column({ name: 'issue_key', type: 'varchar', length: 64 }) issueKey: string;
  /** Set from the one clock (coupons issued are counted by it), not by the database. */
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}

@Entity('member_notifications')
export class MemberNotificationEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintNumber }) id: number;
  @Column({ name: 'member_id', type: 'bigint', transformer: bigintNumber }) memberId: number;
  @Column({ type: 'varchar', length: 32 }) kind: string;
  @Column({ type: 'varchar', length: 64 }) ref: string;
  @Column({ type: 'varchar', length: 16 }) status: 'sent' | 'failed';
  @Column({ type: 'text', nullable: true }) detail: string | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}
