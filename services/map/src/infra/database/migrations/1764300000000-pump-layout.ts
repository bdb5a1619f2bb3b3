import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { text } from '@fuel/shared';

/** The pump layout of a station (JSON); existing stations start without one. */
export class PumpLayout1764300000000 implements MigrationInterface {
  name = 'PumpLayout1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('stations', new TableColumn(text('pumps', true)));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('stations', 'pumps');
  }
}
