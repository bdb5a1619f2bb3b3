import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { text, varchar } from '@fuel/shared';

const at = (name: string, nullable = false) => ({ name, type: 'datetime', precision: 3, isNullable: nullable });

/**
 * Staff passwords get an age and a must-change flag (one-time passwords, 90-day rule). The audit trail becomes a
 * hash-chained, append-only log keyed by its sequence number; the earlier `staff_audit` table held only sign-in
 * attempts of development data (no production existed) and is replaced, not carried over.
 */
export class StaffSessionsAudit1766000000000 implements MigrationInterface {
  name = 'StaffSessionsAudit1766000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumns('staff', [
      new TableColumn({ name: 'must_change_password', type: 'boolean', default: false }),
      new TableColumn({ ...at('password_changed_at', true) }),
    ]);
    await runner.dropTable('staff_audit');
    await runner.createTable(
      new Table({
        name: 'staff_audit_log',
        columns: [
          { name: 'seq', type: 'bigint', isPrimary: true },
          at('created_at'),
          { name: 'staff_id', type: 'bigint', isNullable: true },
          varchar('username', 64),
          varchar('role', 24, true),
          { name: 'station_id', type: 'bigint', isNullable: true },
          varchar('region_code', 8, true),
          varchar('action', 48),
          varchar('target', 128, true),
          varchar('outcome', 16),
          text('detail', true),
          varchar('ip', 64, true),
          varchar('request_id', 64, true),
          varchar('prev_hash', 64),
          varchar('hash', 64),
        ],
        indices: [
          new TableIndex({ name: 'ix_staff_audit_log_station', columnNames: ['station_id', 'seq'] }),
          new TableIndex({ name: 'ix_staff_audit_log_region', columnNames: ['region_code', 'seq'] }),
          new TableIndex({ name: 'ix_staff_audit_log_staff', columnNames: ['staff_id', 'seq'] }),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('staff_audit_log');
    await runner.dropColumns('staff', ['must_change_password', 'password_changed_at']);
  }
}
