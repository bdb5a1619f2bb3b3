import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { coordinate, fenColumnDef, idColumn, int, text, timestamps, varchar } from '@fuel/shared';

export class Stations1764100000000 implements MigrationInterface {
  name = 'Stations1764100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({ name: 'regions', columns: [{ ...varchar('code', 8), isPrimary: true }, varchar('name', 32)] }),
    );
    await runner.createTable(
      new Table({
        name: 'stations',
        columns: [
          idColumn(runner),
          varchar('code', 32),
          varchar('name', 64),
          varchar('brand', 32),
          varchar('region_code', 8),
          varchar('address', 255),
          coordinate('lat'),
          coordinate('lng'),
          varchar('phone', 32),
          text('opening_hours'),
          text('services'),
          text('photos'),
          varchar('status', 24),
          ...timestamps(runner),
        ],
        indices: [
          new TableIndex({ name: 'uq_stations_code', columnNames: ['code'], isUnique: true }),
          new TableIndex({ name: 'ix_stations_region', columnNames: ['region_code'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'station_prices',
        columns: [
          { name: 'station_id', type: 'bigint', isPrimary: true },
          { ...varchar('grade', 4), isPrimary: true },
          fenColumnDef('regular_fen'),
          fenColumnDef('silver_fen'),
          fenColumnDef('gold_fen'),
          fenColumnDef('diamond_fen'),
          int('version', false, 1),
          { name: 'updated_at', type: 'datetime', precision: 3 },
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('station_prices');
    await runner.dropTable('stations');
    await runner.dropTable('regions');
  }
}
