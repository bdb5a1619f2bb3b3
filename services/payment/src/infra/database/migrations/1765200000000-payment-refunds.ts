import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { fenColumnDef, idColumn, varchar } from '@fuel/shared';

const at = (name: string, nullable = false) => ({ name, type: 'datetime', precision: 3, isNullable: nullable });

/**
 * Refunds (each with its own number, the provider's idempotency key), the attempt that paid each intent, the
 * coupons an order's intent uses, and the
 * moment an attempt was settled without money (closed at the provider, or a wallet debit that never happened).
 */
export class PaymentRefunds1765200000000 implements MigrationInterface {
  name = 'PaymentRefunds1765200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('payment_intents', new TableColumn({ name: 'paid_attempt_id', type: 'bigint', isNullable: true }));
    await runner.addColumn('payment_intents', new TableColumn({ ...varchar('coupon_ids', 64), default: "''" }));
    await runner.addColumn('payment_attempts', new TableColumn(at('closed_at', true)));
    await runner.createIndex('payment_attempts', new TableIndex({ name: 'ix_payment_attempts_open', columnNames: ['paid_at', 'closed_at', 'created_at'] }));
    await runner.createTable(
      new Table({
        name: 'payment_refunds',
        columns: [
          idColumn(runner),
          varchar('refund_no', 32),
          { name: 'intent_id', type: 'bigint' },
          { name: 'attempt_id', type: 'bigint' },
          fenColumnDef('amount_fen'),
          varchar('reason', 32),
          varchar('status', 16),
          varchar('provider_refund_id', 64, true),
          varchar('requested_by', 64),
          at('created_at'),
          at('succeeded_at', true),
        ],
        indices: [
          new TableIndex({ name: 'ux_payment_refunds_no', columnNames: ['refund_no'], isUnique: true }),
          new TableIndex({ name: 'ix_payment_refunds_intent', columnNames: ['intent_id'] }),
          new TableIndex({ name: 'ix_payment_refunds_status', columnNames: ['status', 'created_at'] }),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('payment_refunds');
    await runner.dropIndex('payment_attempts', 'ix_payment_attempts_open');
    await runner.dropColumn('payment_attempts', 'closed_at');
    await runner.dropColumn('payment_intents', 'coupon_ids');
    await runner.dropColumn('payment_intents', 'paid_attempt_id');
  }
}
