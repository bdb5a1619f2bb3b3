import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber, fenColumn, type Fen, type ProductCategory } from '@fuel/shared';

@Entity('products')
export class ProductEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintNumber }) id: number;
  @Column({ type: 'varchar', length: 32 }) sku: string;
  @Column({ type: 'varchar', length: 64 }) name: string;
  @Column({ type: 'varchar', length: 24 }) category: ProductCategory;
  @Column({ name: 'price_fen', type: 'bigint', transformer: fenColumn }) priceFen: Fen;
  @Column({ type: 'varchar', length: 255 }) description: string;
  @Column({ name: 'image_url', type: 'varchar', length: 255 }) imageUrl: string;
  @Column({ type: 'varchar', length: 16 }) status: 'on_sale' | 'off_sale';
  @Column({ name: 'variant_group', type: 'varchar', length: 32, nullable: true }) variantGroup: string | null;
  @Column({ name: 'variant_label', type: 'varchar', length: 16, nullable: true }) variantLabel: string | null;
}

/** Units of a product at a station; changed only by conditional updates, each with a movement row. */
@Entity('station_stock')
export class StationStockEntity {
  @PrimaryColumn({ name: 'station_id', type: 'bigint', transformer: bigintNumber }) stationId: number;
  @PrimaryColumn({ name: 'product_id', type: 'bigint', transformer: bigintNumber }) productId: number;
  /** On hand. */
  @Column({ type: 'int' }) quantity: number;
  /** Held for unpaid orders: what can be sold is quantity − reserved. */
  @Column({ type: 'int', default: 0 }) reserved: number;
  /** The till's version of the count last applied (inventory sync): older reports are ignored. */
  @Column({ name: 'sync_version', type: 'bigint', default: 0, transformer: bigintNumber }) syncVersion?: number;
  /** At or below this many sellable units the station is low on the product (staff alerts). */
  @Column({ name: 'low_stock_threshold', type: 'int', nullable: true }) lowStockThreshold?: number | null;
}

/** The stock ledger: every change of station_stock, with the quantity after it. */
@Entity('stock_movements')
export class StockMovementEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintNumber }) id: number;
  @Column({ name: 'station_id', type: 'bigint', transformer: bigintNumber }) stationId: number;
  @Column({ name: 'product_id', type: 'bigint', transformer: bigintNumber }) productId: number;
  @Column({ type: 'int' }) delta: number;
  @Column({ name: 'quantity_after', type: 'int' }) quantityAfter: number;
  @Column({ name: 'reserved_delta', type: 'int', default: 0 }) reservedDelta?: number;
  @Column({ name: 'reserved_after', type: 'int', default: 0 }) reservedAfter?: number;
  /** initial | reserve | release | sale | return | restock | adjustment */
  @Column({ type: 'varchar', length: 24 }) reason: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) reference: string | null;
}
