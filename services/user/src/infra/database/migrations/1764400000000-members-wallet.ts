import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { fenColumnDef, idColumn, int, timestamps, varchar } from '@fuel/shared';

/** Members, their wallets with a ledger of every change, and refresh tokens. */
export class MembersWallet1764400000000 implements MigrationInterface {
  name = 'MembersWallet1764400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'members',
        columns: [
          idColumn(runner),
          varchar('wechat_openid', 64, true),
          varchar('wechat_unionid', 64, true),
          varchar('session_key_enc', 255, true),
          varchar('phone_enc', 255, true),
          varchar('phone_bidx', 64, true),
          varchar('nickname', 64, true),
          { name: 'birthday', type: 'date', isNullable: true },
          varchar('tier', 16),
          { name: 'tier_expires_at', type: 'datetime', precision: 3, isNullable: true },
          fenColumnDef('tier_renewal_fen'),
          int('points', false, 0),
          ...timestamps(runner),
        ],
        indices: [
          new TableIndex({ name: 'uq_members_wechat_openid', columnNames: ['wechat_openid'], isUnique: true }),
          new TableIndex({ name: 'ix_members_phone_bidx', columnNames: ['phone_bidx'] }),
          new TableIndex({ name: 'ix_members_tier_expiry', columnNames: ['tier', 'tier_expires_at'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'wallets',
        columns: [{ name: 'member_id', type: 'bigint', isPrimary: true }, fenColumnDef('balance_fen'), ...timestamps(runner)],
        checks: [{ name: 'ck_wallets_non_negative', expression: 'balance_fen >= 0' }],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'wallet_ledger',
        columns: [
          idColumn(runner),
          { name: 'member_id', type: 'bigint' },
          varchar('kind', 16),
          fenColumnDef('amount_fen'),
          fenColumnDef('balance_after_fen'),
          varchar('idempotency_key', 80),
          varchar('reference', 64, true),
          varchar('request_id', 64, true),
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          new TableIndex({ name: 'uq_wallet_ledger_key', columnNames: ['member_id', 'idempotency_key'], isUnique: true }),
          new TableIndex({ name: 'ix_wallet_ledger_member_time', columnNames: ['member_id', 'created_at'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'refresh_tokens',
        columns: [
          idColumn(runner),
          { name: 'member_id', type: 'bigint' },
          varchar('token_hash', 64),
          { name: 'expires_at', type: 'datetime', precision: 3 },
          { name: 'used_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          new TableIndex({ name: 'uq_refresh_tokens_hash', columnNames: ['token_hash'], isUnique: true }),
          new TableIndex({ name: 'ix_refresh_tokens_member', columnNames: ['member_id'] }),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['refresh_tokens', 'wallet_ledger', 'wallets', 'members']) await runner.dropTable(table);
  }
}
