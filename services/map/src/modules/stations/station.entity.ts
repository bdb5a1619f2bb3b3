import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber, fenColumn, jsonColumn as json, type Fen, type OpeningHours, type StationService, type StationStatus, type FuelGrade, type Pump } from '@fuel/shared';


@Entity('regions')
export class RegionEntity {
  @PrimaryColumn({ type: 'varchar', length: 8 }) code: string;
  @Column({ type: 'varchar', length: 32 }) name: string;
}

@Entity('stations')
export class StationEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintNumber }) id: number;
  @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 64 }) name: string;
  @Column({ type: 'varchar', length: 32 }) brand: string;
  @Column({ name: 'region_code', type: 'varchar', length: 8 }) regionCode: string;
  @Column({ type: 'varchar', length: 255 }) address: string;
  /** GCJ-02, the canonical system (what WeChat returns). */
  @Column({ type: 'double' }) lat: number;
  @Column({ type: 'double' }) lng: number;
  @Column({ type: 'varchar', length: 32 }) phone: string;
  @Column({ name: 'opening_hours', type: 'text', transformer: json }) openingHours: OpeningHours;
  @Column({ type: 'text', transformer: json }) services: StationService[];
  @Column({ type: 'text', transformer: json }) photos: string[];
  @Column({ type: 'text', nullable: true, transformer: json }) pumps: Pump[] | null;
  @Column({ type: 'varchar', length: 24 }) status: StationStatus;
  /** Per-station price sequence: +1 for every accepted change, so clients can tell when they missed one. */
  @Column({ name: 'price_seq', type: 'int', default: 0 }) priceSeq: number;
}

@Entity('station_prices')
export class StationPriceEntity {
  @PrimaryColumn({ name: 'station_id', type: 'bigint', transformer: bigintNumber }) stationId: number;
  @PrimaryColumn({ type: 'varchar', length: 4 }) grade: FuelGrade;
  @Column({ name: 'regular_fen', type: 'bigint', transformer: fenColumn }) regularFen: Fen;
  @Column({ name: 'silver_fen', type: 'bigint', transformer: fenColumn }) silverFen: Fen;
  @Column({ name: 'gold_fen', type: 'bigint', transformer: fenColumn }) goldFen: Fen;
  @Column({ name: 'diamond_fen', type: 'bigint', transformer: fenColumn }) diamondFen: Fen;
  /** Bumped on every change: the per-station price sequence builds on it. */
  @Column({ type: 'int', default: 1 }) version: number;
  @Column({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt: Date;
}

/** One grade's change within one accepted price change (all grades of a change share its seq). */
@Entity('price_changes')
export class PriceChangeEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintNumber }) id: number;
  @Column({ name: 'station_id', type: 'bigint', transformer: bigintNumber }) stationId: number;
  @Column({ type: 'int' }) seq: number;
  @Column({ type: 'varchar', length: 4 }) grade: FuelGrade;
  @Column({ name: 'old_regular_fen', type: 'bigint', nullable: true, transformer: fenColumn }) oldRegularFen: Fen | null;
  @Column({ name: 'old_silver_fen', type: 'bigint', nullable: true, transformer: fenColumn }) oldSilverFen: Fen | null;
  @Column({ name: 'old_gold_fen', type: 'bigint', nullable: true, transformer: fenColumn }) oldGoldFen: Fen | null;
  @Column({ name: 'old_diamond_fen', type: 'bigint', nullable: true, transformer: fenColumn }) oldDiamondFen: Fen | null;
  @Column({ name: 'new_regular_fen', type: 'bigint', transformer: fenColumn }) newRegularFen: Fen;
  @Column({ name: 'new_silver_fen', type: 'bigint', transformer: fenColumn }) newSilverFen: Fen;
  @Column({ name: 'new_gold_fen', type: 'bigint', transformer: fenColumn }) newGoldFen: Fen;
  @Column({ name: 'new_diamond_fen', type: 'bigint', transformer: fenColumn }) newDiamondFen: Fen;
  /** "backoffice:<stationId>" or "staff:<id>" */
  @Column({ name: 'changed_by', type: 'varchar', length: 64 }) changedBy: string;
  @Column({ type: 'varchar', length: 24 }) source: string;
  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true }) requestId: string | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}
