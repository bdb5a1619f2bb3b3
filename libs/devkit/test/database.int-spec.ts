import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Column, Entity, PrimaryColumn, Table, type MigrationInterface, type QueryRunner, type DataSource } from 'typeorm';
import { bigintNumber, fen, fenColumn, fenColumnDef, idColumn, openDataSource, onPrimary, onReplica, poolUsage, replicaReadCounts, timestamps, varchar, type Fen } from '@fuel/shared';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../src/testing/index.js';

@Entity('accounts')
class Account {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintNumber }) id: number;
  @Column({ type: 'varchar', length: 32 }) owner: string;
  @Column({ name: 'balance_fen', type: 'bigint', transformer: fenColumn }) balanceFen: Fen;
}

class CreateAccounts1700000000000 implements MigrationInterface {
  name = 'CreateAccounts1700000000000';
  async up(runner: QueryRunner) {
    await runner.createTable(
      new Table({ name: 'accounts', columns: [idColumn(runner), varchar('owner', 32), fenColumnDef('balance_fen'), ...timestamps(runner)] }),
    );
  }
  async down(runner: QueryRunner) {
    await runner.dropTable('accounts');
  }
}

const settings = (url: string, replicaUrl?: string) => ({
  service: 'dbtest',
  DATABASE_URL: url,
  DATABASE_REPLICA_URL: replicaUrl,
  DATA_DIR: '.data/test',
  entities: [Account],
  migrations: [CreateAccounts1700000000000],
});

describe('data layer against MariaDB', () => {
  let primary: ThrowawayDatabase;
  let replica: ThrowawayDatabase;
  let dataSource: DataSource;

  before(async () => {
    primary = await createThrowawayDatabase('primary');
    replica = await createThrowawayDatabase('replica');
    // Migrate the "replica" database on its own first, as replication would have copied the schema.
    await (await openDataSource(settings(replica.url))).destroy();
    dataSource = await openDataSource(settings(primary.url, replica.url));
  });

  after(async () => {
    await dataSource?.destroy();
    await primary?.drop();
    await replica?.drop();
  });

  it('runs the migrations (recorded in the migrations table) instead of synchronize', async () => {
    const rows = await onPrimary(dataSource, (m) => m.query('SELECT name FROM migrations'));
    assert.deepEqual(rows.map((r: { name: string }) => r.name), ['CreateAccounts1700000000000']);
    assert.equal(dataSource.options.synchronize, false);
  });

  it('stores fen as BIGINT and reads it back as an integer number, beyond 2^31', async () => {
    const big = fen(9_007_199_254_740); // ~90 billion yuan, past INT range
    const saved = await dataSource.getRepository(Account).save({ owner: 'big', balanceFen: big });
    const loaded = await onPrimary(dataSource, (m) => m.findOneByOrFail(Account, { id: saved.id }));
    assert.equal(loaded.balanceFen, big);
    assert.equal(typeof loaded.balanceFen, 'number');
    assert.equal(typeof loaded.id, 'number');
  });

  it('reads the primary unless a read is named for the replica (onReplica)', async () => {
    await dataSource.getRepository(Account).save({ owner: 'routed', balanceFen: fen(100) });
    // An ordinary read right after the write sees it: reads follow the primary by default.
    assert.equal((await dataSource.getRepository(Account).findOneBy({ owner: 'routed' }))?.balanceFen, 100);
    // The "replica" is a separate database on this server (no binlog, so nothing to wait for): a row written to
    // the primary is not there, which shows where onReplica read.
    assert.equal(await onReplica(dataSource, (m) => m.findOneBy(Account, { owner: 'routed' })), null);
    assert.deepEqual(replicaReadCounts(dataSource), { replica: 1, primary: 0 });
  });

  it('reads inside a transaction from the primary (money decisions never see a lagging replica)', async () => {
    await dataSource.getRepository(Account).save({ owner: 'tx', balanceFen: fen(500) });
    const seen = await dataSource.transaction((m) => m.findOneBy(Account, { owner: 'tx' }));
    assert.equal(seen?.balanceFen, 500);
  });

  it('applies a conditional debit atomically and never below zero', async () => {
    const { id } = await dataSource.getRepository(Account).save({ owner: 'debit', balanceFen: fen(1000) });
    const debit = () =>
      dataSource
        .createQueryBuilder()
        .update(Account)
        .set({ balanceFen: () => 'balance_fen - 300' })
        .where('id = :id AND balance_fen >= 300', { id })
        .execute();
    const results = await Promise.all([debit(), debit(), debit(), debit(), debit()]);
    assert.equal(results.filter((r) => r.affected === 1).length, 3);
    const after = await onPrimary(dataSource, (m) => m.findOneByOrFail(Account, { id }));
    assert.equal(after.balanceFen, 100);
  });

  it('counts the pool: connections in use and idle, and queries waiting once every connection is taken', async () => {
    const primaryPool = () => poolUsage(dataSource).find((pool) => pool.role === 'primary')!;
    assert.deepEqual(poolUsage(dataSource).map((pool) => pool.role).sort(), ['primary', 'replica']);
    const limit = primaryPool().limit;
    assert.equal(limit, 10);
    const held = [];
    for (let i = 0; i < limit; i++) {
      const runner = dataSource.createQueryRunner('master');
      await runner.connect();
      held.push(runner);
    }
    assert.equal(primaryPool().inUse, limit);
    assert.equal(primaryPool().idle, 0);
    const queued = onPrimary(dataSource, (m) => m.query('SELECT 1 AS one'));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(primaryPool().waiting, 1, 'the eleventh query waits for a connection');
    await held.pop()!.release();
    assert.equal(Number((await queued)[0].one), 1);
    for (const runner of held) await runner.release();
    assert.deepEqual({ inUse: primaryPool().inUse, waiting: primaryPool().waiting }, { inUse: 0, waiting: 0 });
    assert.equal(primaryPool().idle, limit);
  });
});
