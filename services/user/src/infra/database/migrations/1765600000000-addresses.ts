import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, varchar } from '@fuel/shared';

const at = (name: string, nullable = false) => ({ name, type: 'datetime', precision: 3, isNullable: nullable });

/**
 * The members' delivery addresses: the recipient, phone and street SM4-encrypted at rest. An address is never
 * changed in place (an edit is a new row, the old one removed), so an order can point at exactly what was chosen.
 */
export class Addresses1765600000000 implements MigrationInterface {
  name = 'Addresses1765600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'member_addresses',
        columns: [
          idColumn(runner),
          { name: 'member_id', type: 'bigint' },
          varchar('recipient_enc', 255),
          varchar('phone_enc', 255),
          varchar('region', 64),
          varchar('detail_enc', 512),
          { name: 'is_default', type: 'boolean', default: false },
          at('created_at'),
          at('removed_at', true),
        ],
        indices: [new TableIndex({ name: 'ix_member_addresses_member', columnNames: ['member_id', 'removed_at'] })],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('member_addresses');
  }
}
