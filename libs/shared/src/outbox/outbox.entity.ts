import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '../money/fen.js';
import { jsonColumn } from '../database/portable-columns.js';

/** An event written in the same transaction as the change it announces, published by the relay after commit. */
@Entity('outbox_events')
export class OutboxEventEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintNumber })
  id!: number;

  @Column({ name: 'event_id', type: 'varchar', length: 36 })
  eventId!: string;

  @Column({ type: 'varchar', length: 64 })
  topic!: string;

  /** Events of one aggregate are published in the order they were written. */
  @Column({ name: 'aggregate_id', type: 'varchar', length: 64 })
  aggregateId!: string;

  @Column({ type: 'text', transformer: jsonColumn })
  payload!: unknown;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'datetime', precision: 3, nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'datetime', precision: 3 })
  nextAttemptAt!: Date;

  @Column({ name: 'last_error', type: 'varchar', length: 255, nullable: true })
  lastError!: string | null;
}

/** A consumer's record of the events it has applied: a duplicate delivery finds its id here and is dropped. */
@Entity('processed_events')
export class ProcessedEventEntity {
  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 36 })
  eventId!: string;

  @Column({ type: 'varchar', length: 64 })
  topic!: string;

  @Column({ name: 'processed_at', type: 'datetime', precision: 3 })
  processedAt!: Date;
}

export const OUTBOX_ENTITIES = [OutboxEventEntity, ProcessedEventEntity];
