import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber, fenColumn, type Fen, type PayableKind, type PaymentMethod, type PaymentStatus } from '@fuel/shared';

const idList = { to: (ids: number[] | undefined) => (ids ?? []).join(','), from: (text: string | null) => (text ? text.split(',').map(Number) : []) };

@Entity('payment_intents')
export class PaymentIntentEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintNumber }) id!: number;
  @Column({ name: 'intent_no', type: 'varchar', length: 32 }) intentNo!: string;
  @Column({ name: 'payable_kind', type: 'varchar', length: 16 }) payableKind!: PayableKind;
  @Column({ name: 'payable_ref', type: 'varchar', length: 64 }) payableRef!: string;
  @Column({ name: 'member_id', type: 'bigint', transformer: bigintNumber }) memberId!: number;
  @Column({ name: 'amount_fen', type: 'bigint', transformer: fenColumn }) amountFen!: Fen;
  @Column({ name: 'refunded_fen', type: 'bigint', transformer: fenColumn }) refundedFen!: Fen;
  @Column({ type: 'varchar', length: 20 }) status!: PaymentStatus;
  @Column({ type: 'varchar', length: 127 }) description!: string;
  /** How many attempts were started: the next out_trade_no's suffix. */
  @Column({ name: 'attempt_count', type: 'int' }) attemptCount!: number;
  /** The attempt whose money the intent took (refunds go back through it). */
  @Column({ name: 'paid_attempt_id', type: 'bigint', nullable: true, transformer: bigintNumber }) paidAttemptId!: number | null;
  /** The coupons the payable's owner locked for it (comma-separated ids). */
  @Column({ name: 'coupon_ids', type: 'varchar', length: 64, transformer: idList }) couponIds!: number[];
  @Column({ name: 'expires_at', type: 'datetime', precision: 3 }) expiresAt!: Date;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt!: Date;
}

/** One try at a provider (or the wallet): its own out_trade_no, never reused. */
@Entity('payment_attempts')
export class PaymentAttemptEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintNumber }) id!: number;
  @Column({ name: 'intent_id', type: 'bigint', transformer: bigintNumber }) intentId!: number;
  @Column({ name: 'out_trade_no', type: 'varchar', length: 32 }) outTradeNo!: string;
  @Column({ type: 'varchar', length: 16 }) method!: PaymentMethod;
  /** The provider's transaction id (WeChat's transaction_id), once paid. */
  @Column({ name: 'provider_trade_no', type: 'varchar', length: 64, nullable: true }) providerTradeNo!: string | null;
  @Column({ name: 'paid_at', type: 'datetime', precision: 3, nullable: true }) paidAt!: Date | null;
  /** Settled without money: closed at the provider, refused (insufficient balance), or found never debited. */
  @Column({ name: 'closed_at', type: 'datetime', precision: 3, nullable: true }) closedAt!: Date | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt!: Date;
  /** The Idempotency-Key of the request that started it (one attempt per intent and key). */
  @Column({ name: 'request_key', type: 'varchar', length: 80, nullable: true }) requestKey!: string | null;
}

export type RefundStatus = 'pending' | 'succeeded';
/** requested: by the payable's owner; overpaid / closed: money the intent could not take, returned by itself. */
export type RefundReason = 'requested' | 'overpaid' | 'closed';

/** Money going back through the attempt that brought it: its number is the provider's idempotency key. */
@Entity('payment_refunds')
export class PaymentRefundEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintNumber }) id!: number;
  @Column({ name: 'refund_no', type: 'varchar', length: 32 }) refundNo!: string;
  @Column({ name: 'intent_id', type: 'bigint', transformer: bigintNumber }) intentId!: number;
  @Column({ name: 'attempt_id', type: 'bigint', transformer: bigintNumber }) attemptId!: number;
  @Column({ name: 'amount_fen', type: 'bigint', transformer: fenColumn }) amountFen!: Fen;
  @Column({ type: 'varchar', length: 32 }) reason!: RefundReason;
  @Column({ type: 'varchar', length: 16 }) status!: RefundStatus;
  @Column({ name: 'provider_refund_id', type: 'varchar', length: 64, nullable: true }) providerRefundId!: string | null;
  @Column({ name: 'requested_by', type: 'varchar', length: 64 }) requestedBy!: string;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt!: Date;
  @Column({ name: 'succeeded_at', type: 'datetime', precision: 3, nullable: true }) succeededAt!: Date | null;
}

/** Every move of an intent: from, to, why, who, when, with the request id. */
@Entity('payment_transitions')
export class PaymentTransitionEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintNumber }) id!: number;
  @Column({ name: 'intent_id', type: 'bigint', transformer: bigintNumber }) intentId!: number;
  @Column({ name: 'from_status', type: 'varchar', length: 20, nullable: true }) fromStatus!: PaymentStatus | null;
  @Column({ name: 'to_status', type: 'varchar', length: 20 }) toStatus!: PaymentStatus;
  @Column({ type: 'varchar', length: 64 }) reason!: string;
  @Column({ type: 'varchar', length: 64 }) actor!: string;
  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true }) requestId!: string | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt!: Date;
}

export const PAYMENT_ENTITIES = [PaymentIntentEntity, PaymentAttemptEntity, PaymentTransitionEntity, PaymentRefundEntity];
