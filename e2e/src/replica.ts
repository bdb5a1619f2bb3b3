/**
 * Control of a real GTID replica (scripts/lib/private-mariadb.mjs starts the pair): wait until it has applied all the
 * primary has committed, pause and resume its applying (STOP/START SLAVE SQL_THREAD: it keeps receiving the binlog
 * but applies nothing, which is replication lag), and a lag cycle that does so again and again while suites run.
 */
import { createConnection } from 'mysql2/promise';

export class Replica {
  private lagging?: Promise<void>;
  private stopLag = false;

  constructor(
    readonly primaryUrl: string,
    readonly replicaUrl: string,
  ) {}

  private async query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
    const connection = await createConnection(url);
    try {
      return (await connection.query(sql, params))[0] as T[];
    } finally {
      await connection.end();
    }
  }

  async caughtUp(timeoutSeconds = 30): Promise<void> {
    const [{ position }] = await this.query<{ position: string }>(this.primaryUrl, 'SELECT @@GLOBAL.gtid_binlog_pos AS position');
    const [{ waited }] = await this.query<{ waited: number }>(this.replicaUrl, 'SELECT MASTER_GTID_WAIT(?, ?) AS waited', [position, timeoutSeconds]);
    if (Number(waited) !== 0) throw new Error(`the replica did not reach ${position} within ${timeoutSeconds} s`);
  }

  async pauseApplying(): Promise<void> {
    await this.query(this.replicaUrl, 'STOP SLAVE SQL_THREAD');
  }

  async resumeApplying(): Promise<void> {
    await this.query(this.replicaUrl, 'START SLAVE SQL_THREAD');
  }

  /** Rows of `sql` as the replica has them now (to show what it has not applied yet). */
  rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.query<T>(this.replicaUrl, sql, params);
  }

  /** Pauses applying for `pauseMs`, resumes for `runMs`, and again, until `stopLagCycle`. */
  startLagCycle(pauseMs = 2000, runMs = 1000): void {
    this.stopLag = false;
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    this.lagging = (async () => {
      while (!this.stopLag) {
        await this.pauseApplying();
        await sleep(pauseMs);
        await this.resumeApplying();
        await sleep(runMs);
      }
    })().catch((error: unknown) => console.error(`[replica] lag cycle stopped: ${String(error)}`));
  }

  async stopLagCycle(): Promise<void> {
    this.stopLag = true;
    await this.lagging;
    await this.resumeApplying();
  }
}
