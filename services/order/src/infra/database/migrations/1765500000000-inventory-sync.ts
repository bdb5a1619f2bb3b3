import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Inventory sync from the stations' tills: the version last applied per row, and a low-stock threshold. */
export class InventorySync1765500000000 implements MigrationInterface {
  name = 'InventorySync1765500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('station_stock', new TableColumn({ name: 'sync_version', type: 'bigint', default: 0 }));
    await runner.addColumn('station_stock', new TableColumn({ name: 'low_stock_threshold', type: 'int', isNullable: true }));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('station_stock', 'low_stock_threshold');
    await runner.dropColumn('station_stock', 'sync_version');
  }
}
