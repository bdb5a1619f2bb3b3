import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { varchar } from '@fuel/shared';

/** SKU variants: products of one group (SPU) differ by a label (size, volume), each with its own price and stock. */
export class Variants1765800000000 implements MigrationInterface {
  name = 'Variants1765800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('products', new TableColumn(varchar('variant_group', 32, true)));
    await runner.addColumn('products', new TableColumn(varchar('variant_label', 16, true)));
    await runner.createIndex('products', new TableIndex({ name: 'ix_products_variant_group', columnNames: ['variant_group'] }));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('products', 'ix_products_variant_group');
    await runner.dropColumn('products', 'variant_label');
    await runner.dropColumn('products', 'variant_group');
  }
}
