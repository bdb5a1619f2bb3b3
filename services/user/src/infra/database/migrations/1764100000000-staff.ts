import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, text, timestamps, varchar } from '@fuel/shared';

export class Staff1764100000000 implements MigrationInterface {
  name = 'Staff1764100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'staff',
        columns: [
          idColumn(runner),
          varchar('username', 64),
          varchar('display_name', 64),
          varchar('role', 24),
          { name: 'station_id', type: 'bigint', isNullable: true },
          varchar('region_code', 8),
          varchar('password_hash', 255),
          varchar('phone_enc', 255),
          varchar('phone_bidx', 64),
          varchar('status', 16),
          ...timestamps(runner),
        ],
        indices: [
          new TableIndex({ name: 'uq_staff_username', columnNames: ['username'], isUnique: true }),
          new TableIndex({ name: 'ix_staff_phone_bidx', columnNames: ['phone_bidx'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'staff_audit',
        columns: [
          idColumn(runner),
          { name: 'staff_id', type: 'bigint', isNullable: true },
          varchar('username', 64),
          varchar('action', 48),
          varchar('outcome', 16),
          text('detail', true),
          varchar('request_id', 64, true),
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [new TableIndex({ name: 'ix_staff_audit_staff', columnNames: ['staff_id', 'created_at'] })],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('staff_audit');
    await runner.dropTable('staff');
  }
}
