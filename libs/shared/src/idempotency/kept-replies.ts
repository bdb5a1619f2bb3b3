/**
 * Replies kept with the changes they answer (issue 22), for the client changes outside a sale (addresses, profile,
 * 会员日 coupons, store coupons at the counter, cancelling and refunding an order, stock adjustments, staff
 * accounts, stations). A change run with the client's Idempotency-Key writes `kept_replies` (caller + key, a digest
 * of the request, the reply) in its own transaction, so the key commits with the change or not at all; the same
 * request again gets the kept reply, whether Redis is up, down or restarted empty. The same key with another request
 * is 422; a change that failed kept nothing, so the request can be sent again as is. Keys are honoured for a day.
 * (A sale keeps its key on the record it made instead: the order, the payment attempt; see request-keys.ts.)
 */
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Column, DataSource, Entity, PrimaryColumn, Table, TableIndex, type EntityManager, type MigrationInterface, type QueryRunner } from 'typeorm';
import { canonicalJson } from '../backoffice/station-token.js';
import { onPrimary } from '../database/data-source.js';
import { isUniqueViolation, withDeadlockRetry } from '../database/errors.js';
import { text, varchar } from '../database/portable-columns.js';
import { DomainError } from '../errors/domain-error.js';
import { CLOCK } from '../nest/tokens.js';
import type { Clock } from '../time/clock.js';
import { hourly } from '../time/hourly.js';
import { REQUEST_KEYS_KEPT_MS } from './request-keys.js';

@Entity('kept_replies')
export class KeptReplyEntity {
  /** Whose key: `member:12`, `staff:3` (also when a service passes on an attendant's key), `backoffice:5` (a token's nonce). */
  @PrimaryColumn({ type: 'varchar', length: 64 }) caller!: string;
  @PrimaryColumn({ name: 'request_key', type: 'varchar', length: 80 }) requestKey!: string;
  /** SHA-256 of the pattern and the request: the same key with another request is refused. */
  @Column({ type: 'varchar', length: 64 }) digest!: string;
  /** JSON of `{ value: reply }` (a reply may be undefined). */
  @Column({ type: 'text' }) reply!: string;
  @Column({ name: 'used_at', type: 'datetime', precision: 3 }) usedAt!: Date;
}

export class KeptReplies1766600000000 implements MigrationInterface {
  name = 'KeptReplies1766600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'kept_replies',
        columns: [
          { ...varchar('caller', 64), isPrimary: true },
          { ...varchar('request_key', 80), isPrimary: true },
          varchar('digest', 64),
          text('reply'),
          { name: 'used_at', type: 'datetime', precision: 3 },
        ],
        indices: [new TableIndex({ name: 'ix_kept_replies_used_at', columnNames: ['used_at'] })],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('kept_replies');
  }
}

/** A client's Idempotency-Key on one request, with the caller it belongs to and a digest of the request. */
export interface KeptKey {
  caller: string;
  key: string;
  digest: string;
}

/** The key of a request to `pattern` with `request`, for `caller`; none without an Idempotency-Key or a caller. */
export function keptKeyOf(caller: string | undefined, key: string | undefined, pattern: string, request: unknown): KeptKey | undefined {
  if (!caller || !key) return undefined;
  return { caller, key, digest: createHash('sha256').update(`${pattern}\n${canonicalJson(request ?? null)}`).digest('hex') };
}

/** Another request with the same key committed first (its transaction holds the key): this one is undone. */
class KeptMeanwhile extends Error {}

/** Keeps the reply with the change, inside the change's transaction. */
export type Keep<S> = (manager: EntityManager, reply: S) => Promise<void>;

@Injectable()
export class KeptReplies {
  /** Keys older than a day are deleted at most hourly; an expired one is ignored (and dropped) when met before that. */
  private readonly forgetOld = hourly(
    () => this.dataSource.createQueryBuilder().delete().from(KeptReplyEntity).where('used_at < :before', { before: this.expiry() }).execute(),
    () => this.clock.now(),
  );

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Runs a client's change once per key. `change` makes it in a transaction and calls `keep(manager, reply)` in that
   * transaction; a repeat gets `replay(kept reply)` (by default the kept reply itself). Two requests with one key at
   * once both run: the second is stopped by the first's change or by the key's primary key, its transaction is
   * undone, and it answers with the first's reply. Whatever `change` does outside its transaction must therefore be
   * safe to do twice. A kept reply holds nothing secret in clear: keep an id and rebuild the answer in `replay`.
   */
  async once<R, S = R>(key: KeptKey | undefined, change: (keep: Keep<S>) => Promise<R>, replay: (kept: S) => R | Promise<R> = (kept) => kept as unknown as R): Promise<R> {
    if (!key) return change(async () => undefined);
    await this.forgetOld();
    const keep: Keep<S> = async (manager, reply) => {
      try {
        await manager.insert(KeptReplyEntity, { caller: key.caller, requestKey: key.key, digest: key.digest, reply: JSON.stringify({ value: reply }), usedAt: this.clock.now() });
      } catch (error) {
        throw isUniqueViolation(error) ? new KeptMeanwhile() : error;
      }
    };
    const earlier = await this.earlier(key);
    if (earlier) return replay(earlier.reply as S);
    // A deadlock victim runs again while the first request with this key has not committed yet (it then meets the key).
    const outcome = await withDeadlockRetry(async (): Promise<{ fresh: R } | { winner: unknown }> => {
      try {
        return { fresh: await change(keep) };
      } catch (error) {
        // Whatever stopped this one (the key itself, or the change the first one made: the order already cancelled,
        // the coupon already claimed), a request with this key that committed meanwhile has the answer.
        const winner = await this.earlier(key).catch(() => undefined);
        if (winner) return { winner: winner.reply };
        throw error;
      }
    });
    return 'fresh' in outcome ? outcome.fresh : replay(outcome.winner as S);
  }

  private async earlier(key: KeptKey): Promise<{ reply: unknown } | undefined> {
    const row = await onPrimary(this.dataSource, (m) => m.findOneBy(KeptReplyEntity, { caller: key.caller, requestKey: key.key }));
    if (!row) return undefined;
    if (row.usedAt < this.expiry()) {
      await this.dataSource.getRepository(KeptReplyEntity).delete({ caller: key.caller, requestKey: key.key, usedAt: row.usedAt });
      return undefined;
    }
    if (row.digest !== key.digest) throw DomainError.keyReused();
    return { reply: (JSON.parse(row.reply) as { value?: unknown }).value };
  }

  private expiry(): Date {
    return new Date(this.clock.now().getTime() - REQUEST_KEYS_KEPT_MS);
  }
}
