import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** One member per phone number, enforced by the database (the blind index of the SM4-encrypted number). */
export class UniquePhone1764800000000 implements MigrationInterface {
  name = 'UniquePhone1764800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('members', 'ix_members_phone_bidx');
    await runner.createIndex('members', new TableIndex({ name: 'uq_members_phone_bidx', columnNames: ['phone_bidx'], isUnique: true }));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('members', 'uq_members_phone_bidx');
    await runner.createIndex('members', new TableIndex({ name: 'ix_members_phone_bidx', columnNames: ['phone_bidx'] }));
  }
}
