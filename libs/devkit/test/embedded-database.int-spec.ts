import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Column, Entity, PrimaryColumn, Table, type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bigintNumber, fenColumnDef, idColumn, openDataSource, varchar } from '@fuel/shared';

@Entity('ledger')
class Ledger {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintNumber }) id: number;
  @Column({ type: 'varchar', length: 32 }) owner: string;
  @Column({ name: 'amount_fen', type: 'bigint', transformer: bigintNumber }) amountFen: number;
}

class CreateLedger1700000000001 implements MigrationInterface {
  name = 'CreateLedger1700000000001';
  async up(runner: QueryRunner) {
    await runner.createTable(new Table({ name: 'ledger', columns: [idColumn(runner), varchar('owner', 32), fenColumnDef('amount_fen')] }));
  }
  async down(runner: QueryRunner) {
    await runner.dropTable('ledger');
  }
}

describe('embedded database (sql.js) under concurrent transactions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'embedded-db-'));
  let dataSource: DataSource;

  before(async () => {
    dataSource = await openDataSource({ service: 'embedded-test', DATA_DIR: dir, entities: [Ledger], migrations: [CreateLedger1700000000001] });
  });

  after(async () => {
    await dataSource?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps one transaction’s rollback from undoing another’s committed rows', async () => {
    const committed = dataSource.transaction(async (m) => {
      await m.insert(Ledger, { owner: 'x', amountFen: 100 });
      await new Promise((r) => setTimeout(r, 30)); // let the other transaction start meanwhile
      await m.insert(Ledger, { owner: 'x', amountFen: 200 });
    });
    const failed = dataSource.transaction(async (m) => {
      await m.insert(Ledger, { owner: 'y', amountFen: 999 });
      throw new Error('refused');
    });
    const outside = dataSource.getRepository(Ledger).insert({ owner: 'z', amountFen: 5 });
    await assert.rejects(failed, /refused/);
    await committed;
    await outside;
    const rows = await dataSource.getRepository(Ledger).find({ order: { id: 'ASC' } });
    assert.deepEqual(rows.map((r) => [r.owner, r.amountFen]), [['x', 100], ['x', 200], ['z', 5]]);
  });
});
