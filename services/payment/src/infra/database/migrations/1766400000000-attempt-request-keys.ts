import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { varchar } from '@fuel/shared';

/**
 * The Idempotency-Key of the request that started an attempt: the same request again (its answer lost, or sent
 * while Redis was away) goes on with that attempt instead of starting another (issue 22: the key lives with the
 * change, not only in Redis).
 */
export class AttemptRequestKeys1766400000000 implements MigrationInterface {
  name = 'AttemptRequestKeys1766400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('payment_attempts', new TableColumn(varchar('request_key', 80, true)));
    await runner.createIndex('payment_attempts', new TableIndex({ name: 'ux_payment_attempts_request_key', columnNames: ['intent_id', 'request_key'], isUnique: true }));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('payment_attempts', 'ux_payment_attempts_request_key');
    await runner.dropColumn('payment_attempts', 'request_key');
  }
}
