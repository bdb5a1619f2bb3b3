/**
 * Points: earned on paid fuel and mall spending (POINTS_PER_YUAN, default 1 point per whole CNY paid), reversed
 * on refund (never below zero), with a ledger like the wallet's and an idempotency key per change. Earning can
 * lift the tier (tier rules).
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { applyOnce, CLOCK, DomainError, ErrorCode, fen, forUpdate, onPrimary, SERVICE_ENV, type Clock } from '@fuel/shared';
import type { UserEnv } from '../../config/user-env.js';
import { afterPoints, tierState } from './member-tier-rules.js';
import { MemberEntity, PointsLedgerEntity } from './member.entity.js';

export interface PointsChange {
  memberId: number;
  kind: 'earn' | 'reverse';
  /** The fen paid (earn) or refunded (reverse) that the points follow. */
  amountFen: number;
  idempotencyKey: string;
  reference?: string;
}

export interface PointsEntry {
  points: number;
  balanceAfter: number;
}

@Injectable()
export class PointsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_ENV) private readonly env: UserEnv,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Whole yuan paid × rate; fractions of a yuan earn nothing. */
  pointsFor(amountFen: number): number {
    return Math.floor(amountFen / 100) * this.env.POINTS_PER_YUAN;
  }

  apply(change: PointsChange): Promise<PointsEntry> {
    return applyOnce(
      () => this.existing(change),
      () => this.dataSource.transaction((m) => this.applyIn(m, change)),
    );
  }

  private async existing(change: PointsChange): Promise<PointsEntry | undefined> {
    const row = await onPrimary(this.dataSource, (m) => m.findOneBy(PointsLedgerEntity, { memberId: change.memberId, idempotencyKey: change.idempotencyKey }));
    if (!row) return undefined;
    const sameRequest = row.kind === change.kind && (change.kind === 'reverse' || row.points === this.pointsFor(change.amountFen));
    if (!sameRequest) throw new DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, '幂等键已用于另一笔不同的操作');
    return { points: row.points, balanceAfter: row.balanceAfter };
  }

  private async applyIn(manager: EntityManager, change: PointsChange): Promise<PointsEntry> {
    const member = await manager.findOne(MemberEntity, { where: { id: change.memberId }, ...forUpdate(this.dataSource) });
    if (!member) throw DomainError.notFound('会员');
    const wanted = this.pointsFor(change.amountFen);
    // A reversal takes back what the refund earned, but never more than the member still has.
    const delta = change.kind === 'earn' ? wanted : -Math.min(wanted, member.points);
    const balance = member.points + delta;
    const now = this.clock.now();
    const tier = change.kind === 'earn' ? afterPoints(tierState(member), balance, now) : undefined;
    await manager.update(MemberEntity, { id: member.id }, { points: balance, ...(tier ? { tier: tier.tier, tierExpiresAt: tier.expiresAt, tierRenewalFen: fen(tier.renewalFen) } : {}) });
    await manager.insert(PointsLedgerEntity, {
      memberId: member.id,
      kind: change.kind,
      points: delta,
      balanceAfter: balance,
      idempotencyKey: change.idempotencyKey,
      reference: change.reference ?? null,
      createdAt: now,
    });
    return { points: delta, balanceAfter: balance };
  }
}
