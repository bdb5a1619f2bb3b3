import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { varchar } from '@fuel/shared';

const at = (name: string) => ({ name, type: 'datetime', precision: 3 });

/**
 * Staff sessions move from Redis into the database (issue 22): an attendant at the counter keeps working while
 * Redis is away. Sessions then in Redis are not carried over (their holders sign in again once).
 */
export class StaffSessionsTable1766400000000 implements MigrationInterface {
  name = 'StaffSessionsTable1766400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('staff', new TableColumn({ name: 'session_generation', type: 'int', default: 0 }));
    await runner.createTable(
      new Table({
        name: 'staff_sessions',
        columns: [
          { ...varchar('session_id', 36), isPrimary: true },
          { name: 'staff_id', type: 'bigint' },
          { name: 'generation', type: 'int' },
          { name: 'must_change_password', type: 'boolean', default: false },
          at('started_at'),
          at('last_seen_at'),
        ],
        indices: [new TableIndex({ name: 'ix_staff_sessions_staff', columnNames: ['staff_id'] })],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('staff_sessions');
    await runner.dropColumn('staff', 'session_generation');
  }
}
