import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { varchar } from '@fuel/shared';

/** Members who sign in with Alipay (user id 2088…). */
export class AlipayMembers1764700000000 implements MigrationInterface {
  name = 'AlipayMembers1764700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('members', new TableColumn(varchar('alipay_user_id', 32, true)));
    await runner.createIndex('members', new TableIndex({ name: 'uq_members_alipay_user_id', columnNames: ['alipay_user_id'], isUnique: true }));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('members', 'uq_members_alipay_user_id');
    await runner.dropColumn('members', 'alipay_user_id');
  }
}
