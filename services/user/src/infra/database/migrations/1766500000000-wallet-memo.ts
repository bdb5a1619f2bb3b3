import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { varchar } from '@fuel/shared';

/** Each wallet row says what it was for (issue 23): the station and pump, the products, or how a recharge was paid. */
export class WalletMemo1766500000000 implements MigrationInterface {
  name = 'WalletMemo1766500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('wallet_ledger', new TableColumn(varchar('memo', 128, true)));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('wallet_ledger', 'memo');
  }
}
