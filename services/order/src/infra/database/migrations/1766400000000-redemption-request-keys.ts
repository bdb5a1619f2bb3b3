import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { varchar } from '@fuel/shared';

/**
 * The attendant and Idempotency-Key of the confirmation that completed an order at the counter: a retry whose
 * answer was lost gets the same answer again rather than "already used" (issue 22: the key lives with the change,
 * not only in Redis).
 */
export class RedemptionRequestKeys1766400000000 implements MigrationInterface {
  name = 'RedemptionRequestKeys1766400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('orders', new TableColumn(varchar('redeemed_with', 100, true)));
    await runner.createIndex('orders', new TableIndex({ name: 'ux_orders_station_redeemed_with', columnNames: ['station_id', 'redeemed_with'], isUnique: true }));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('orders', 'ux_orders_station_redeemed_with');
    await runner.dropColumn('orders', 'redeemed_with');
  }
}
