/**
 * The staff audit log (MLPS level 2): every staff action, appended to a hash chain, readable by a station's
 * manager and a region's admin, never changed. With AUDIT_DATABASE_URL the log is written through its own
 * database account that may only INSERT and SELECT on the table (see infra/mysql/audit-writer.sql), so even this
 * service cannot rewrite history; without it (embedded development) the service's own connection is used.
 * Appends are group-committed: records arriving while a batch is being written wait and go together in the next
 * one (one named lock, one read of the chain's head, one multi-row insert), so the chain — a single sequence for
 * the platform — does not make busy counters queue one by one. Across instances the MySQL named lock orders
 * batches.
 */
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Between, DataSource, type FindOptionsWhere } from 'typeorm';
import type { UserEnv } from '../../config/user-env.js';
import { type AuditRecord, chainHash, clock, currentContext, DomainError, ErrorCode, GENESIS_HASH, isMysql, LOGGER, type Logger, mysqlDriver, mysqlTls, onReplica, SERVICE_ENV } from '@fuel/shared';
import { AuditLogEntity } from './audit-log.entity.js';

/** What a caller states; the time, sequence, IP and request id are filled in here. */
export type AuditEntry = Pick<AuditRecord, 'staffId' | 'username' | 'role' | 'stationId' | 'regionCode' | 'action' | 'outcome'> & { target?: string | null; detail?: string | null };

export type AuditScope = { stationId: number } | { regionCode: string; stationId?: number };

export const toAuditRecord = (row: AuditLogEntity): AuditRecord => ({
  seq: row.seq,
  at: row.createdAt.toISOString(),
  staffId: row.staffId,
  username: row.username,
  role: row.role,
  stationId: row.stationId,
  regionCode: row.regionCode,
  action: row.action,
  target: row.target,
  outcome: row.outcome,
  detail: row.detail,
  ip: row.ip,
  requestId: row.requestId,
});


interface Pending {
  entry: AuditEntry;
  ip: string | null;
  requestId: string | null;
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
}

/** At most this many records in one insert. */
const MAX_BATCH = 200;

@Injectable()
export class AuditLog implements OnModuleDestroy {
  private writer?: Promise<DataSource>;
  private pending: Pending[] = [];
  private draining = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_ENV) private readonly env: UserEnv & { DATABASE_TLS_CA_FILE?: string },
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Appends one record (with the current request's IP and id) and returns its sequence number once written. */
  append(entry: AuditEntry): Promise<number> {
    const context = currentContext();
    const written = new Promise<number>((resolve, reject) => this.pending.push({ entry, ip: context?.clientIp ?? null, requestId: context?.requestId ?? null, resolve, reject }));
    void this.drain();
    return written.catch((error: unknown) => {
      // An action whose record cannot be written is an operations alarm, not a silent loss.
      this.logger.error({ err: error, action: entry.action, username: entry.username }, 'audit record not written');
      throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, '审计日志暂不可用，请稍后再试');
    });
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.pending.length) {
        const batch = this.pending.splice(0, MAX_BATCH);
        try {
          const seqs = await this.writeBatch(batch);
          batch.forEach((item, index) => item.resolve(seqs[index]!));
        } catch (error) {
          batch.forEach((item) => item.reject(error));
        }
      }
    } finally {
      this.draining = false;
    }
  }

  async list(scope: AuditScope, query: { action?: string; username?: string; day?: string; page: number; pageSize: number }): Promise<{ items: AuditRecord[]; total: number; page: number; pageSize: number }> {
    const where: FindOptionsWhere<AuditLogEntity> = 'regionCode' in scope ? { regionCode: scope.regionCode, ...(scope.stationId ? { stationId: scope.stationId } : {}) } : { stationId: scope.stationId };
    if (query.action) where.action = query.action;
    if (query.username) where.username = query.username;
    if (query.day) {
      // The day as a Shanghai reader means it: 00:00 to 24:00 at UTC+8.
      const start = new Date(`${query.day}T00:00:00+08:00`);
      where.createdAt = Between(start, new Date(start.getTime() + 86_400_000 - 1));
    }
    const [rows, total] = await onReplica(this.dataSource, (m) => m.getRepository(AuditLogEntity).findAndCount({ where, order: { seq: 'DESC' }, skip: (query.page - 1) * query.pageSize, take: query.pageSize }));
    return { items: rows.map(toAuditRecord), total, page: query.page, pageSize: query.pageSize };
  }


  async onModuleDestroy(): Promise<void> {
    const writer = await this.writer?.catch(() => undefined);
    if (writer && writer !== this.dataSource && writer.isInitialized) await writer.destroy();
  }

  private writerSource(): Promise<DataSource> {
    if (!this.env.AUDIT_DATABASE_URL) return Promise.resolve(this.dataSource);
    this.writer ??= new DataSource({ type: 'mysql', driver: mysqlDriver, url: this.env.AUDIT_DATABASE_URL, entities: [AuditLogEntity], timezone: 'Z', supportBigNumbers: true, bigNumberStrings: true, extra: { connectionLimit: 2 }, ...mysqlTls(this.env) })
      .initialize()
      .catch((error: unknown) => {
        this.writer = undefined; // try again with the next record
        throw error;
      });
    return this.writer;
  }

  private async writeBatch(batch: Pending[]): Promise<number[]> {
    const writer = await this.writerSource();
    const runner = writer.createQueryRunner('master');
    await runner.connect();
    const locked = isMysql(writer);
    try {
      if (locked) {
        const [{ got }] = (await runner.query("SELECT GET_LOCK(CONCAT('audit:', DATABASE()), 10) AS got")) as Array<{ got: number | string }>;
        if (Number(got) !== 1) throw new Error('audit chain lock not granted');
      }
      const [last] = await runner.manager.getRepository(AuditLogEntity).find({ order: { seq: 'DESC' }, take: 1 });
      let seq = last?.seq ?? 0;
      let prevHash = last?.hash ?? GENESIS_HASH;
      const at = clock.now();
      const rows = batch.map(({ entry, ip, requestId }) => {
        const record: AuditRecord = {
          seq: ++seq,
          at: at.toISOString(),
          staffId: entry.staffId,
          username: entry.username,
          role: entry.role,
          stationId: entry.stationId,
          regionCode: entry.regionCode,
          action: entry.action,
          target: entry.target ?? null,
          outcome: entry.outcome,
          detail: entry.detail ?? null,
          ip,
          requestId,
        };
        const hash = chainHash(record, prevHash);
        const row = { ...record, createdAt: at, prevHash, hash };
        prevHash = hash;
        return row;
      });
      await runner.manager.getRepository(AuditLogEntity).insert(rows);
      return rows.map((r) => r.seq);
    } finally {
      if (locked) await runner.query("SELECT RELEASE_LOCK(CONCAT('audit:', DATABASE()))").catch(() => undefined);
      await runner.release();
    }
  }
}
