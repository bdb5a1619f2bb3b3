import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { fenColumnDef, idColumn, int, text, timestamps, varchar } from '@fuel/shared';

/** Coupon templates (with the four the membership rules issue), member coupons, and member notifications. */
export class Coupons1764500000000 implements MigrationInterface {
  name = 'Coupons1764500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'coupon_templates',
        columns: [
          idColumn(runner),
          varchar('code', 32),
          varchar('name', 64),
          varchar('category', 16),
          fenColumnDef('threshold_fen'),
          fenColumnDef('discount_fen'),
          text('grades', true),
          text('mall_categories', true),
          int('valid_days'),
          int('stackable', false, 0),
          ...timestamps(runner),
        ],
        indices: [new TableIndex({ name: 'uq_coupon_templates_code', columnNames: ['code'], isUnique: true })],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'coupons',
        columns: [
          idColumn(runner),
          { name: 'member_id', type: 'bigint' },
          { name: 'template_id', type: 'bigint' },
          varchar('status', 16),
          { name: 'valid_from', type: 'datetime', precision: 3 },
          { name: 'valid_until', type: 'datetime', precision: 3 },
          varchar('order_ref', 64, true),
          /** Why it was issued, unique per member: "registration:1", "member-day:2026-11", "birthday:2026", "renewal:<expiry>". */
          varchar('issue_key', 64),
          ...timestamps(runner),
        ],
        indices: [
          new TableIndex({ name: 'uq_coupons_issue', columnNames: ['member_id', 'issue_key'], isUnique: true }),
          new TableIndex({ name: 'ix_coupons_member_status', columnNames: ['member_id', 'status'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'member_notifications',
        columns: [
          idColumn(runner),
          { name: 'member_id', type: 'bigint' },
          varchar('kind', 32),
          /** Unique per member and kind: a reminder for one expiry date is sent once. */
          varchar('ref', 64),
          varchar('status', 16),
          text('detail', true),
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [new TableIndex({ name: 'uq_member_notifications', columnNames: ['member_id', 'kind', 'ref'], isUnique: true })],
      }),
    );
    const templates: Array<[string, string, string, number, number, number]> = [
      ['REG_FUEL_200_15', '新人加油券 满200减15', 'fuel', 20_000, 1_500, 30],
      ['MEMBER_DAY_300_30', '会员日加油券 满300减30', 'fuel', 30_000, 3_000, 30],
      ['BIRTHDAY_500_50', '生日月礼券 满500减50', 'any', 50_000, 5_000, 31],
      ['RENEWAL_RECHARGE_30', '续费礼券 充值满1000减30', 'recharge', 100_000, 3_000, 30],
    ];
    for (const [code, name, category, threshold, discount, days] of templates) {
      await runner.query(
        'INSERT INTO coupon_templates (code, name, category, threshold_fen, discount_fen, valid_days, stackable) VALUES (?, ?, ?, ?, ?, ?, 0)',
        [code, name, category, threshold, discount, days],
      );
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['member_notifications', 'coupons', 'coupon_templates']) await runner.dropTable(table);
  }
}
