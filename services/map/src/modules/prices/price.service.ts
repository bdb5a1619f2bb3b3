/**
 * Price changes: validated (price-rules), persisted with a history row per grade, the station's next sequence
 * number and the announcement (outbox) in one transaction; the announcement reaches the `prices` channel after
 * commit (price-announcements.ts).
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, MoreThan, type EntityManager } from 'typeorm';
import {
  acceptStationToken,
  KeptReplies,
  replayedStationToken,
  type Keep,
  type StationRequest,
  CLOCK,
  currentContext,
  DomainError,
  ErrorCode,
  fen,
  forUpdate,
  onPrimary,
  LOGGER,
  SERVICE_ENV,
  type Clock,
  type GradePriceInput,
  type Logger,
  type StationPrices,
} from '@fuel/shared';
import type { MapEnv } from '../../config/map-env.js';
import { PriceChangeEntity, StationEntity, StationPriceEntity } from '../stations/station.entity.js';
import { StationSummaryCache } from '../stations/station-summary.cache.js';
import { toGradePrice } from '../stations/station.service.js';
import { PriceAnnouncements } from './price-announcements.js';
import { checkPriceChanges } from './price-rules.js';


const toInput = (p: StationPriceEntity): GradePriceInput => ({
  grade: p.grade,
  regularFen: p.regularFen,
  memberFen: { silver: p.silverFen, gold: p.goldFen, diamond: p.diamondFen },
});

@Injectable()
export class PriceService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_ENV) private readonly env: MapEnv,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly summaries: StationSummaryCache,
    private readonly announcements: PriceAnnouncements,
    private readonly kept: KeptReplies,
  ) {}

  /** A station back-office sets its prices with its signed token (each token works once, for the request it signed). */
  async changeByBackoffice(input: { stationId: number; token: string; request: StationRequest; changes: GradePriceInput[]; confirm: boolean }): Promise<StationPrices> {
    const nonce = acceptStationToken(input.token, input.stationId, input.request, this.env.BACKOFFICE_MASTER_KEY, this.logger);
    return this.kept.once<StationPrices>(
      nonce,
      (keep) => this.change(input.stationId, input.changes, input.confirm, { changedBy: `backoffice:${input.stationId}`, source: 'backoffice' }, keep),
      () => replayedStationToken(input.stationId, this.logger),
    );
  }

  async change(
    stationId: number,
    changes: GradePriceInput[],
    confirm: boolean,
    who: { changedBy: string; source: string },
    keep?: Keep<StationPrices>,
  ): Promise<StationPrices> {
    const result = await this.dataSource.transaction(async (manager) => {
      const change = await this.applyChange(manager, stationId, changes, confirm, who);
      await this.announcements.record(manager, change);
      await keep?.(manager, change);
      return change;
    });
    // After commit only: readers and subscribers must never see a change that could still roll back.
    await this.summaries.invalidate(stationId);
    await this.announcements.deliver();
    return result;
  }

  private async applyChange(
    manager: EntityManager,
    stationId: number,
    changes: GradePriceInput[],
    confirm: boolean,
    who: { changedBy: string; source: string },
  ): Promise<StationPrices> {
    // The row lock serialises changes of one station, so sequence numbers never repeat or skip.
    const station = await manager.findOne(StationEntity, { where: { id: stationId }, ...forUpdate(this.dataSource) });
    if (!station) throw DomainError.notFound('加油站', stationId);
    const rows = await manager.find(StationPriceEntity, { where: { stationId } });
    const current = new Map(rows.map((row) => [row.grade, toInput(row)]));
    const violation = checkPriceChanges(changes, current, { jumpBoundPerMille: this.env.PRICE_JUMP_BOUND_PERMILLE, confirmed: confirm });
    if (violation) {
      const message = violation.code === 'PRICE_JUMP_UNCONFIRMED' ? '价格变动幅度过大，请确认后再提交' : '会员价设置有误';
      throw new DomainError(violation.code, message, { fields: violation.issues });
    }
    const seq = station.priceSeq + 1;
    const bumped = await manager.update(StationEntity, { id: stationId, priceSeq: station.priceSeq }, { priceSeq: seq });
    if (bumped.affected !== 1) throw new DomainError(ErrorCode.CONFLICT, '价格正在被其他请求修改，请重试');
    const now = this.clock.now();
    // One statement for the current prices and one for the history, whatever the number of grades: this path is
    // the first part of every fan-out's latency.
    const updated = changes.map((change) =>
      Object.assign(new StationPriceEntity(), {
        stationId,
        grade: change.grade,
        regularFen: fen(change.regularFen),
        silverFen: fen(change.memberFen.silver),
        goldFen: fen(change.memberFen.gold),
        diamondFen: fen(change.memberFen.diamond),
        version: seq,
        updatedAt: now,
      }),
    );
    await manager.upsert(StationPriceEntity, updated, ['stationId', 'grade']);
    await manager.insert(
      PriceChangeEntity,
      changes.map((change) => {
        const before = current.get(change.grade);
        return {
          stationId,
          seq,
          grade: change.grade,
          oldRegularFen: before ? fen(before.regularFen) : null,
          oldSilverFen: before ? fen(before.memberFen.silver) : null,
          oldGoldFen: before ? fen(before.memberFen.gold) : null,
          oldDiamondFen: before ? fen(before.memberFen.diamond) : null,
          newRegularFen: fen(change.regularFen),
          newSilverFen: fen(change.memberFen.silver),
          newGoldFen: fen(change.memberFen.gold),
          newDiamondFen: fen(change.memberFen.diamond),
          changedBy: who.changedBy,
          source: who.source,
          requestId: currentContext()?.requestId ?? null,
          createdAt: now,
        };
      }),
    );
    const changed = new Set(changes.map((c) => c.grade));
    // The table after the change, in the primary key's (grade) order, as a re-read would give it.
    const after = [...rows.filter((row) => !changed.has(row.grade)), ...updated].sort((a, b) => (a.grade < b.grade ? -1 : a.grade > b.grade ? 1 : 0)).map(toGradePrice);
    return { stationId, seq, prices: after, changes: after.filter((p) => changed.has(p.grade)), changedAt: now.toISOString() };
  }

  /** Changes of a station after `sinceSeq`, one entry per sequence number, rebuilt from the history. */
  async changesSince(stationId: number, sinceSeq: number, limit: number): Promise<Array<Omit<StationPrices, 'prices'>> | undefined> {
    // From the primary: a change just announced must be in what a re-subscribing client gets.
    const { rows, current } = await onPrimary(this.dataSource, async (m) => ({
      rows: await m.find(PriceChangeEntity, { where: { stationId, seq: MoreThan(sinceSeq) }, order: { seq: 'ASC', grade: 'ASC' }, take: limit * 4 + 1 }),
      current: (await m.findOneBy(StationEntity, { id: stationId }))?.priceSeq ?? 0,
    }));
    if (sinceSeq > current) return undefined; // the client claims a future seq: give it a snapshot
    const bySeq = new Map<number, PriceChangeEntity[]>();
    for (const row of rows) bySeq.set(row.seq, [...(bySeq.get(row.seq) ?? []), row]);
    if (bySeq.size > limit) return undefined; // too far behind: a snapshot is cheaper
    return [...bySeq].map(([seq, changes]) => ({
      stationId,
      seq,
      changedAt: changes[0].createdAt.toISOString(),
      changes: changes.map((c) => ({
        grade: c.grade,
        regularFen: c.newRegularFen,
        memberFen: { silver: c.newSilverFen, gold: c.newGoldFen, diamond: c.newDiamondFen },
        updatedAt: c.createdAt.toISOString(),
      })),
    }));
  }
}
