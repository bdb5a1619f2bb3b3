import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber, fenColumn, type Fen, type FuelGrade, type FuelPriceKey, type OrderKind, type OrderStatus, type ProductCategory } from '@fuel/shared';

const idList = { to: (ids: number[] | undefined) => (ids ?? []).join(','), from: (text: string | null) => (text ? text.split(',').map(Number) : []) };

@Entity('orders')
export class OrderEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintNumber }) id!: number;
  @Column({ name: 'order_no', type: 'varchar', length: 20 }) orderNo!: string;
  @Column({ type: 'varchar', length: 8 }) kind!: OrderKind;
  @Column({ name: 'member_id', type: 'bigint', transformer: bigintNumber }) memberId!: number;
  @Column({ name: 'station_id', type: 'bigint', transformer: bigintNumber }) stationId!: number;
  /** As it was when ordered (a receipt does not change with the station's later name). */
  @Column({ name: 'station_name', type: 'varchar', length: 64 }) stationName!: string;
  @Column({ type: 'varchar', length: 20 }) status!: OrderStatus;
  /** Before any discount: the pump amount, or the list price of the lines. */
  @Column({ name: 'total_fen', type: 'bigint', transformer: fenColumn }) totalFen!: Fen;
  @Column({ name: 'payable_fen', type: 'bigint', transformer: fenColumn }) payableFen!: Fen;
  /** The coupons held for this order (user.coupons.lock), comma-separated ids. */
  @Column({ name: 'coupon_ids', type: 'varchar', length: 64, transformer: idList }) couponIds!: number[];
  @Column({ name: 'intent_no', type: 'varchar', length: 32, nullable: true }) intentNo!: string | null;
  @Column({ name: 'member_discount_fen', type: 'bigint', transformer: fenColumn }) memberDiscountFen!: Fen;
  @Column({ name: 'coupon_discount_fen', type: 'bigint', transformer: fenColumn }) couponDiscountFen!: Fen;
  /** The coupons as the member saw them ("id:discountFen:name" joined by "|"). */
  @Column({ name: 'coupon_names', type: 'varchar', length: 255 }) couponNames!: string;
  /** Mall orders: the tier's rate in per mille when ordered. */
  @Column({ name: 'member_rate', type: 'int', nullable: true }) memberRate!: number | null;
  /** Mall orders: pickup at the station (express comes later). */
  @Column({ type: 'varchar', length: 8, nullable: true }) fulfilment!: 'pickup' | 'express' | null;
  /** The 6-digit code shown to the member once paid; `openPickupCode` holds it only until redeemed (unique per station). */
  @Column({ name: 'pickup_code', type: 'varchar', length: 6, nullable: true }) pickupCode!: string | null;
  @Column({ name: 'open_pickup_code', type: 'varchar', length: 6, nullable: true }) openPickupCode!: string | null;
  /** Express: the member's address (its details stay encrypted in the user service) and what the member saw of it. */
  @Column({ name: 'address_id', type: 'bigint', nullable: true, transformer: bigintNumber }) addressId!: number | null;
  @Column({ name: 'delivery_label', type: 'varchar', length: 128, nullable: true }) deliveryLabel!: string | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) carrier!: string | null;
  @Column({ name: 'waybill_no', type: 'varchar', length: 32, nullable: true }) waybillNo!: string | null;
  /** The client's Idempotency-Key of the request that placed it (one order per member and key), and that request's digest. */
  @Column({ name: 'request_key', type: 'varchar', length: 80, nullable: true }) requestKey!: string | null;
  @Column({ name: 'request_digest', type: 'varchar', length: 64, nullable: true }) requestDigest!: string | null;
  /** `<staff id>:<Idempotency-Key>` of the counter confirmation that completed it (a retry gets the same answer). */
  @Column({ name: 'redeemed_with', type: 'varchar', length: 100, nullable: true }) redeemedWith!: string | null;
  @Column({ name: 'expires_at', type: 'datetime', precision: 3 }) expiresAt!: Date;
  @Column({ name: 'paid_at', type: 'datetime', precision: 3, nullable: true }) paidAt!: Date | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt!: Date;
}

/** A fuel order's pump, grade, prices and breakdown, as computed when it was placed. */
@Entity('fuel_order_lines')
export class FuelOrderLineEntity {
  @PrimaryColumn({ name: 'order_id', type: 'bigint', transformer: bigintNumber }) orderId!: number;
  @Column({ name: 'pump_number', type: 'int' }) pumpNumber!: number;
  @Column({ type: 'varchar', length: 4 }) grade!: FuelGrade;
  @Column({ name: 'price_key', type: 'varchar', length: 8 }) priceKey!: FuelPriceKey;
  @Column({ name: 'regular_unit_fen', type: 'bigint', transformer: fenColumn }) regularUnitFen!: Fen;
  @Column({ name: 'member_unit_fen', type: 'bigint', transformer: fenColumn }) memberUnitFen!: Fen;
  @Column({ type: 'int' }) centilitres!: number;
}

@Entity('mall_order_lines')
export class MallOrderLineEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintNumber }) id!: number;
  @Column({ name: 'order_id', type: 'bigint', transformer: bigintNumber }) orderId!: number;
  @Column({ name: 'product_id', type: 'bigint', transformer: bigintNumber }) productId!: number;
  @Column({ type: 'varchar', length: 32 }) sku!: string;
  @Column({ type: 'varchar', length: 64 }) name!: string;
  @Column({ type: 'varchar', length: 24 }) category!: ProductCategory;
  @Column({ type: 'int' }) quantity!: number;
  @Column({ name: 'unit_fen', type: 'bigint', transformer: fenColumn }) unitFen!: Fen;
  @Column({ name: 'list_fen', type: 'bigint', transformer: fenColumn }) listFen!: Fen;
  @Column({ name: 'member_fen', type: 'bigint', transformer: fenColumn }) memberFen!: Fen;
}

/** One tracking event of an express order, as the carrier reported it (each once). */
@Entity('order_tracking')
export class OrderTrackingEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintNumber }) id!: number;
  @Column({ name: 'order_id', type: 'bigint', transformer: bigintNumber }) orderId!: number;
  @Column({ name: 'event_time', type: 'varchar', length: 19 }) eventTime!: string;
  @Column({ type: 'varchar', length: 255 }) context!: string;
  @Column({ type: 'varchar', length: 16 }) status!: string;
}

@Entity('order_transitions')
export class OrderTransitionEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintNumber }) id!: number;
  @Column({ name: 'order_id', type: 'bigint', transformer: bigintNumber }) orderId!: number;
  @Column({ name: 'from_status', type: 'varchar', length: 20, nullable: true }) fromStatus!: OrderStatus | null;
  @Column({ name: 'to_status', type: 'varchar', length: 20 }) toStatus!: OrderStatus;
  @Column({ type: 'varchar', length: 64 }) reason!: string;
  @Column({ type: 'varchar', length: 64 }) actor!: string;
  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true }) requestId!: string | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt!: Date;
}

export const ORDER_ENTITIES = [OrderEntity, FuelOrderLineEntity, MallOrderLineEntity, OrderTransitionEntity, OrderTrackingEntity];
