import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, varchar } from '@fuel/shared';

/** Express delivery: the address chosen (by id; its details stay in the user service, encrypted), the waybill, and the tracking pushed by the carrier. */
export class Express1765700000000 implements MigrationInterface {
  name = 'Express1765700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('orders', new TableColumn({ name: 'address_id', type: 'bigint', isNullable: true }));
    await runner.addColumn('orders', new TableColumn(varchar('delivery_label', 128, true)));
    await runner.addColumn('orders', new TableColumn(varchar('carrier', 16, true)));
    await runner.addColumn('orders', new TableColumn(varchar('waybill_no', 32, true)));
    await runner.createIndex('orders', new TableIndex({ name: 'ux_orders_waybill', columnNames: ['carrier', 'waybill_no'], isUnique: true }));
    await runner.createTable(
      new Table({
        name: 'order_tracking',
        columns: [idColumn(runner), { name: 'order_id', type: 'bigint' }, varchar('event_time', 19), varchar('context', 255), varchar('status', 16)],
        indices: [new TableIndex({ name: 'ux_order_tracking_event', columnNames: ['order_id', 'event_time', 'context'], isUnique: true })],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('order_tracking');
    await runner.dropIndex('orders', 'ux_orders_waybill');
    for (const column of ['waybill_no', 'carrier', 'delivery_label', 'address_id']) await runner.dropColumn('orders', column);
  }
}
