import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, int, varchar } from '@fuel/shared';

/** The points ledger: every change of a member's points with the balance after it, one per idempotency key. */
export class Points1764600000000 implements MigrationInterface {
  name = 'Points1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'points_ledger',
        columns: [
          idColumn(runner),
          { name: 'member_id', type: 'bigint' },
          varchar('kind', 16),
          int('points'),
          int('balance_after'),
          varchar('idempotency_key', 80),
          varchar('reference', 64, true),
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          new TableIndex({ name: 'uq_points_ledger_key', columnNames: ['member_id', 'idempotency_key'], isUnique: true }),
          new TableIndex({ name: 'ix_points_ledger_member', columnNames: ['member_id', 'created_at'] }),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('points_ledger');
  }
}
