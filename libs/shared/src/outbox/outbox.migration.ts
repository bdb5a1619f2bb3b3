import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, int, text, varchar } from '../database/portable-columns.js';

/** The outbox and the consumer's processed-event ids, for every service that publishes or consumes events. */
export class Outbox1765000000000 implements MigrationInterface {
  name = 'Outbox1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'outbox_events',
        columns: [
          idColumn(runner),
          varchar('event_id', 36),
          varchar('topic', 64),
          varchar('aggregate_id', 64),
          text('payload'),
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'published_at', type: 'datetime', precision: 3, isNullable: true },
          int('attempts', false, 0),
          { name: 'next_attempt_at', type: 'datetime', precision: 3 },
          varchar('last_error', 255, true),
        ],
        indices: [
          new TableIndex({ name: 'ux_outbox_event_id', columnNames: ['event_id'], isUnique: true }),
          new TableIndex({ name: 'ix_outbox_pending', columnNames: ['published_at', 'id'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'processed_events',
        columns: [{ ...varchar('event_id', 36), isPrimary: true }, varchar('topic', 64), { name: 'processed_at', type: 'datetime', precision: 3 }],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('processed_events');
    await runner.dropTable('outbox_events');
  }
}
