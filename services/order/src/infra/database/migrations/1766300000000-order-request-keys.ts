import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { varchar } from '@fuel/shared';

/**
 * The client's Idempotency-Key of the request that placed an order, with a digest of that request: a retry whose
 * first answer was lost finds the order it placed (one per member and key) instead of placing another.
 */
export class OrderRequestKeys1766300000000 implements MigrationInterface {
  name = 'OrderRequestKeys1766300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('orders', new TableColumn(varchar('request_key', 80, true)));
    await runner.addColumn('orders', new TableColumn(varchar('request_digest', 64, true)));
    await runner.createIndex('orders', new TableIndex({ name: 'ux_orders_member_request_key', columnNames: ['member_id', 'request_key'], isUnique: true }));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('orders', 'ux_orders_member_request_key');
    await runner.dropColumn('orders', 'request_digest');
    await runner.dropColumn('orders', 'request_key');
  }
}
