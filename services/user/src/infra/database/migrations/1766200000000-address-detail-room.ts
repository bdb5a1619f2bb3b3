import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A sealed 120-character address (CJK, or emoji at 4 bytes each) is up to about 740 characters stored (IV, padding,
 * tag, base64 and the key id): room for it. SQLite does not enforce varchar lengths.
 */
export class AddressDetailRoom1766200000000 implements MigrationInterface {
  name = 'AddressDetailRoom1766200000000';

  async up(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === 'mysql') await runner.query('ALTER TABLE member_addresses MODIFY detail_enc varchar(768) NOT NULL');
  }

  async down(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === 'mysql') await runner.query('ALTER TABLE member_addresses MODIFY detail_enc varchar(512) NOT NULL');
  }
}
