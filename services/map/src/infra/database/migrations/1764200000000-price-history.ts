import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { fenColumnDef, idColumn, int, varchar } from '@fuel/shared';

/** A per-station price sequence and the history of every price change (who, when, old → new). */
export class PriceHistory1764200000000 implements MigrationInterface {
  name = 'PriceHistory1764200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('stations', new TableColumn(int('price_seq', false, 0)));
    const fen = (prefix: string) => ['regular', 'silver', 'gold', 'diamond'].map((t) => fenColumnDef(`${prefix}_${t}_fen`, prefix === 'old'));
    await runner.createTable(
      new Table({
        name: 'price_changes',
        columns: [
          idColumn(runner),
          { name: 'station_id', type: 'bigint' },
          int('seq'),
          varchar('grade', 4),
          ...fen('old'),
          ...fen('new'),
          varchar('changed_by', 64),
          varchar('source', 24),
          varchar('request_id', 64, true),
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [new TableIndex({ name: 'ix_price_changes_station_seq', columnNames: ['station_id', 'seq'] })],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('price_changes');
    await runner.dropColumn('stations', 'price_seq');
  }
}
