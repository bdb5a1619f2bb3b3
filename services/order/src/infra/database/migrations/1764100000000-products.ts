import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { fenColumnDef, idColumn, int, timestamps, varchar } from '@fuel/shared';

export class Products1764100000000 implements MigrationInterface {
  name = 'Products1764100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'products',
        columns: [
          idColumn(runner),
          varchar('sku', 32),
          varchar('name', 64),
          varchar('category', 24),
          fenColumnDef('price_fen'),
          varchar('description', 255),
          varchar('image_url', 255),
          varchar('status', 16),
          ...timestamps(runner),
        ],
        indices: [
          new TableIndex({ name: 'uq_products_sku', columnNames: ['sku'], isUnique: true }),
          new TableIndex({ name: 'ix_products_category', columnNames: ['category'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'station_stock',
        columns: [
          { name: 'station_id', type: 'bigint', isPrimary: true },
          { name: 'product_id', type: 'bigint', isPrimary: true },
          int('quantity'),
          ...timestamps(runner),
        ],
        checks: [{ name: 'ck_station_stock_non_negative', expression: 'quantity >= 0' }],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'stock_movements',
        columns: [
          idColumn(runner),
          { name: 'station_id', type: 'bigint' },
          { name: 'product_id', type: 'bigint' },
          int('delta'),
          int('quantity_after'),
          varchar('reason', 24),
          varchar('reference', 64, true),
          ...timestamps(runner),
        ],
        indices: [new TableIndex({ name: 'ix_stock_movements_station_product', columnNames: ['station_id', 'product_id'] })],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('stock_movements');
    await runner.dropTable('station_stock');
    await runner.dropTable('products');
  }
}
