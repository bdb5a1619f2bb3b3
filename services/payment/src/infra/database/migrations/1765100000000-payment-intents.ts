import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { fenColumnDef, idColumn, int, varchar } from '@fuel/shared';

const at = (name: string) => ({ name, type: 'datetime', precision: 3 });

/** Payment intents, their attempts (one out_trade_no each) and every transition. */
export class PaymentIntents1765100000000 implements MigrationInterface {
  name = 'PaymentIntents1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'payment_intents',
        columns: [
          idColumn(runner),
          varchar('intent_no', 32),
          varchar('payable_kind', 16),
          varchar('payable_ref', 64),
          { name: 'member_id', type: 'bigint' },
          fenColumnDef('amount_fen'),
          fenColumnDef('refunded_fen'),
          varchar('status', 20),
          varchar('description', 127),
          int('attempt_count', false, 0),
          at('expires_at'),
          at('created_at'),
          at('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'ux_payment_intents_no', columnNames: ['intent_no'], isUnique: true }),
          // One live intent per payable: a second request for the same order gets the first.
          new TableIndex({ name: 'ux_payment_intents_payable', columnNames: ['payable_kind', 'payable_ref'], isUnique: true }),
          new TableIndex({ name: 'ix_payment_intents_member', columnNames: ['member_id', 'created_at'] }),
          new TableIndex({ name: 'ix_payment_intents_status', columnNames: ['status', 'expires_at'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'payment_attempts',
        columns: [
          idColumn(runner),
          { name: 'intent_id', type: 'bigint' },
          varchar('out_trade_no', 32),
          varchar('method', 16),
          varchar('provider_trade_no', 64, true),
          { ...at('paid_at'), isNullable: true },
          at('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'ux_payment_attempts_out_trade_no', columnNames: ['out_trade_no'], isUnique: true }),
          new TableIndex({ name: 'ix_payment_attempts_intent', columnNames: ['intent_id'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'payment_transitions',
        columns: [
          idColumn(runner),
          { name: 'intent_id', type: 'bigint' },
          varchar('from_status', 20, true),
          varchar('to_status', 20),
          varchar('reason', 64),
          varchar('actor', 64),
          varchar('request_id', 64, true),
          at('created_at'),
        ],
        indices: [new TableIndex({ name: 'ix_payment_transitions_intent', columnNames: ['intent_id', 'id'] })],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('payment_transitions');
    await runner.dropTable('payment_attempts');
    await runner.dropTable('payment_intents');
  }
}
