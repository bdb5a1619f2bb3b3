import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { fenColumnDef, idColumn, int, varchar } from '@fuel/shared';

const at = (name: string, nullable = false) => ({ name, type: 'datetime', precision: 3, isNullable: nullable });

/** Orders (fuel now, mall next), their fuel details, and every transition. */
export class Orders1765300000000 implements MigrationInterface {
  name = 'Orders1765300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'orders',
        columns: [
          idColumn(runner),
          varchar('order_no', 20),
          varchar('kind', 8),
          { name: 'member_id', type: 'bigint' },
          { name: 'station_id', type: 'bigint' },
          varchar('station_name', 64),
          varchar('status', 20),
          fenColumnDef('total_fen'),
          fenColumnDef('payable_fen'),
          fenColumnDef('member_discount_fen'),
          fenColumnDef('coupon_discount_fen'),
          varchar('coupon_ids', 64),
          varchar('coupon_names', 255),
          varchar('intent_no', 32, true),
          at('expires_at'),
          at('paid_at', true),
          at('created_at'),
          at('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'ux_orders_no', columnNames: ['order_no'], isUnique: true }),
          new TableIndex({ name: 'ix_orders_member', columnNames: ['member_id', 'kind', 'status', 'id'] }),
          new TableIndex({ name: 'ix_orders_status', columnNames: ['status', 'expires_at'] }),
          new TableIndex({ name: 'ix_orders_station', columnNames: ['station_id', 'kind', 'status'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'fuel_order_lines',
        columns: [
          { name: 'order_id', type: 'bigint', isPrimary: true },
          int('pump_number'),
          varchar('grade', 4),
          varchar('price_key', 8),
          fenColumnDef('regular_unit_fen'),
          fenColumnDef('member_unit_fen'),
          int('centilitres'),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'order_transitions',
        columns: [idColumn(runner), { name: 'order_id', type: 'bigint' }, varchar('from_status', 20, true), varchar('to_status', 20), varchar('reason', 64), varchar('actor', 64), varchar('request_id', 64, true), at('created_at')],
        indices: [new TableIndex({ name: 'ix_order_transitions_order', columnNames: ['order_id', 'id'] })],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('order_transitions');
    await runner.dropTable('fuel_order_lines');
    await runner.dropTable('orders');
  }
}
