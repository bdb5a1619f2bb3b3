/**
 * The wallet (我的钱包): balance in fen, changed only by conditional updates inside a transaction that also
 * writes a ledger row with the balance after it, so the balance always equals the sum of the ledger. Every
 * credit and debit carries an idempotency key: a retry returns the first result and changes nothing; the same
 * key with a different amount or kind is refused. A recharge also moves the member's tier (tier rules).
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, MoreThanOrEqual, type EntityManager } from 'typeorm';
import {
  CLOCK,
  currentContext,
  DomainError,
  ErrorCode,
  fen,
  applyOnce,
  forUpdate,
  type Clock,
  type Page,
  type Wallet,
  type WalletEntry,
  type WalletEntryKind,
  onPrimary,
} from '@fuel/shared';
import { addMonths, afterRecharge, tierState } from '../members/member-tier-rules.js';
import { MemberEntity, WalletEntity, WalletLedgerEntity } from '../members/member.entity.js';

export interface WalletChange {
  memberId: number;
  amountFen: number;
  kind: WalletEntryKind;
  idempotencyKey: string;
  reference?: string;
  memo?: string;
}

export function toWalletEntry(row: WalletLedgerEntity): WalletEntry {
  return {
    id: row.id,
    kind: row.kind,
    amountFen: row.amountFen,
    balanceAfterFen: row.balanceAfterFen,
    reference: row.reference,
    memo: row.memo,
    createdAt: row.createdAt.toISOString(),
  };
}

@Injectable()
export class WalletService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  credit(change: WalletChange): Promise<WalletEntry> {
    return this.apply(change, +1);
  }

  debit(change: Omit<WalletChange, 'kind'>): Promise<WalletEntry> {
    return this.apply({ ...change, kind: 'purchase' }, -1);
  }

  /** The ledger row written under an idempotency key (from the primary: it decides whether money moved). */
  async entryByKey(memberId: number, idempotencyKey: string): Promise<{ entry: WalletEntry | null }> {
    const row = await onPrimary(this.dataSource, (m) => m.findOneBy(WalletLedgerEntity, { memberId, idempotencyKey }));
    return { entry: row ? toWalletEntry(row) : null };
  }

  async wallet(memberId: number): Promise<Wallet> {
    const wallet = await this.dataSource.getRepository(WalletEntity).findOneBy({ memberId });
    if (!wallet) throw DomainError.notFound('钱包');
    const totals = (await this.dataSource
      .getRepository(WalletLedgerEntity)
      .createQueryBuilder('l')
      .select("COALESCE(SUM(CASE WHEN l.kind = 'recharge' THEN l.amount_fen ELSE 0 END), 0)", 'recharged')
      .addSelect("COALESCE(SUM(CASE WHEN l.kind = 'purchase' THEN -l.amount_fen WHEN l.kind = 'refund' THEN -l.amount_fen ELSE 0 END), 0)", 'spent')
      .where('l.member_id = :memberId', { memberId })
      .getRawOne()) as { recharged: string | number; spent: string | number };
    return { balanceFen: wallet.balanceFen, totalRechargedFen: Number(totals.recharged), totalSpentFen: Number(totals.spent) };
  }

  async records(memberId: number, query: { kind: 'recharge' | 'spending' | 'all'; page: number; pageSize: number }): Promise<Page<WalletEntry>> {
    const kinds = { recharge: ['recharge'], spending: ['purchase', 'refund'], all: ['recharge', 'purchase', 'refund', 'adjustment'] }[query.kind];
    const [rows, total] = await this.dataSource
      .getRepository(WalletLedgerEntity)
      .createQueryBuilder('l')
      .where('l.member_id = :memberId AND l.kind IN (:...kinds)', { memberId, kinds })
      .orderBy('l.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items: rows.map(toWalletEntry), total, page: query.page, pageSize: query.pageSize };
  }

  /** Recharges of the last 12 months (the tier window), on the primary. */
  rechargedInWindow(manager: EntityManager, memberId: number, now: Date): Promise<number> {
    return manager
      .getRepository(WalletLedgerEntity)
      .createQueryBuilder('l')
      .select('COALESCE(SUM(l.amount_fen), 0)', 'total')
      .where({ memberId, kind: 'recharge', createdAt: MoreThanOrEqual(addMonths(now, -12)) })
      .getRawOne()
      .then((row: { total: string | number }) => Number(row.total));
  }

  private apply(change: WalletChange, sign: 1 | -1): Promise<WalletEntry> {
    return applyOnce(
      () => this.existing(change),
      () => this.dataSource.transaction((manager) => this.applyIn(manager, change, sign)),
    );
  }

  private async existing(change: WalletChange): Promise<WalletEntry | undefined> {
    const row = await onPrimary(this.dataSource, (m) => m.findOneBy(WalletLedgerEntity, { memberId: change.memberId, idempotencyKey: change.idempotencyKey }));
    if (!row) return undefined;
    const sameRequest = row.kind === change.kind && Math.abs(row.amountFen) === change.amountFen;
    if (!sameRequest) throw new DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, '幂等键已用于另一笔不同的操作');
    return toWalletEntry(row);
  }

  private async applyIn(manager: EntityManager, change: WalletChange, sign: 1 | -1): Promise<WalletEntry> {
    const amount = sign * change.amountFen;
    const update = manager
      .createQueryBuilder()
      .update(WalletEntity)
      .set({ balanceFen: () => 'balance_fen + :amount' })
      .where('member_id = :memberId', { memberId: change.memberId })
      .setParameters({ amount });
    // A debit only applies while the balance covers it: the condition and the change are one statement.
    if (sign < 0) update.andWhere('balance_fen >= :needed', { needed: change.amountFen });
    const result = await update.execute();
    if (result.affected !== 1) {
      const exists = await manager.existsBy(WalletEntity, { memberId: change.memberId });
      throw exists ? new DomainError(ErrorCode.INSUFFICIENT_BALANCE, '钱包余额不足') : DomainError.notFound('钱包');
    }
    const { balanceFen } = await manager.findOneByOrFail(WalletEntity, { memberId: change.memberId });
    const now = this.clock.now();
    const row = await manager.save(WalletLedgerEntity, {
      memberId: change.memberId,
      kind: change.kind,
      amountFen: fen(amount),
      balanceAfterFen: balanceFen,
      idempotencyKey: change.idempotencyKey,
      reference: change.reference ?? null,
      memo: change.memo ?? null,
      requestId: currentContext()?.requestId ?? null,
      createdAt: now,
    });
    if (change.kind === 'recharge') await this.moveTier(manager, change.memberId, change.amountFen, now);
    return toWalletEntry(row);
  }

  private async moveTier(manager: EntityManager, memberId: number, amountFen: number, now: Date): Promise<void> {
    // Locked: a concurrent points upgrade must not be overwritten from a stale copy (lock order: wallet, member).
    const member = await manager.findOneOrFail(MemberEntity, { where: { id: memberId }, ...forUpdate(this.dataSource) });
    const windowFen = await this.rechargedInWindow(manager, memberId, now);
    const next = afterRecharge(tierState(member), amountFen, windowFen, now);
    await manager.update(MemberEntity, { id: memberId }, { tier: next.tier, tierExpiresAt: next.expiresAt, tierRenewalFen: fen(next.renewalFen) });
  }
}
