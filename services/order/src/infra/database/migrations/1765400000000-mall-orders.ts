import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { fenColumnDef, idColumn, int, varchar } from '@fuel/shared';

/**
 * Mall orders: stock reserved per station (on-hand and reserved, each change a movement row with both deltas),
 * order lines, the breakdown's discounts, and pickup codes — unique among a station's open pickup orders (the
 * open code is cleared on redemption, so the unique index holds only open ones).
 */
export class MallOrders1765400000000 implements MigrationInterface {
  name = 'MallOrders1765400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('station_stock', new TableColumn({ ...int('reserved'), default: 0 }));
    await runner.query('ALTER TABLE station_stock ADD CONSTRAINT ck_station_stock_reserved CHECK (reserved >= 0 AND reserved <= quantity)');
    await runner.addColumn('stock_movements', new TableColumn({ ...int('reserved_delta'), default: 0 }));
    await runner.addColumn('stock_movements', new TableColumn({ ...int('reserved_after'), default: 0 }));
    await runner.addColumn('orders', new TableColumn({ ...int('member_rate', true) }));
    await runner.addColumn('orders', new TableColumn(varchar('fulfilment', 8, true)));
    await runner.addColumn('orders', new TableColumn(varchar('pickup_code', 6, true)));
    await runner.addColumn('orders', new TableColumn(varchar('open_pickup_code', 6, true)));
    await runner.createIndex('orders', new TableIndex({ name: 'ux_orders_open_pickup_code', columnNames: ['station_id', 'open_pickup_code'], isUnique: true }));
    await runner.createTable(
      new Table({
        name: 'mall_order_lines',
        columns: [
          idColumn(runner),
          { name: 'order_id', type: 'bigint' },
          { name: 'product_id', type: 'bigint' },
          varchar('sku', 32),
          varchar('name', 64),
          varchar('category', 24),
          int('quantity'),
          fenColumnDef('unit_fen'),
          fenColumnDef('list_fen'),
          fenColumnDef('member_fen'),
        ],
        indices: [new TableIndex({ name: 'ix_mall_order_lines_order', columnNames: ['order_id'] })],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('mall_order_lines');
    await runner.dropIndex('orders', 'ux_orders_open_pickup_code');
    for (const column of ['open_pickup_code', 'pickup_code', 'fulfilment', 'member_rate']) await runner.dropColumn('orders', column);
    await runner.dropColumn('stock_movements', 'reserved_after');
    await runner.dropColumn('stock_movements', 'reserved_delta');
    await runner.query('ALTER TABLE station_stock DROP CONSTRAINT ck_station_stock_reserved');
    await runner.dropColumn('station_stock', 'reserved');
  }
}
