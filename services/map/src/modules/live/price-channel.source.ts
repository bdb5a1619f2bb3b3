/**
 * What the live price channel needs from the stations' owner, answered directly from this service's data: used
 * by the map service's own channel and, over RPC (LiveRpcController), by the gateway's.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MAX_REPLAY, MAX_SUBSCRIPTIONS, onPrimary, type PriceChannelFrame, type PriceChannelSource, type SubscriptionArea } from '@fuel/shared';
import { NearbyService } from '../nearby/nearby.service.js';
import { PriceService } from '../prices/price.service.js';
import { StationRepository } from '../stations/station.repository.js';
import { StationEntity, StationPriceEntity } from '../stations/station.entity.js';
import { toGradePrice } from '../stations/station.service.js';

@Injectable()
export class LivePriceSource implements PriceChannelSource {
  constructor(
    private readonly prices: PriceService,
    private readonly stations: StationRepository,
    private readonly nearby: NearbyService,
    private readonly dataSource: DataSource,
  ) {}

  async resolve({ stationIds, area }: { stationIds: number[]; area?: SubscriptionArea }): Promise<number[]> {
    const ids = new Set(stationIds);
    if (area) for (const s of (await this.nearby.nearby({ ...area, sort: 'distance', limit: MAX_SUBSCRIPTIONS })).items) ids.add(s.id);
    return (await this.stations.byIds([...ids])).map((s) => s.id);
  }

  async catchUp(stations: Array<{ stationId: number; since?: number }>): Promise<PriceChannelFrame[]> {
    const frames: PriceChannelFrame[] = [];
    for (const { stationId, since } of stations) frames.push(...(await this.catchUpOne(stationId, since)));
    return frames;
  }

  push(change: Parameters<PriceChannelSource['push']>[0]) {
    return this.prices.changeByBackoffice(change);
  }

  private async catchUpOne(stationId: number, since: number | undefined): Promise<PriceChannelFrame[]> {
    if (since !== undefined) {
      const missed = await this.prices.changesSince(stationId, since, MAX_REPLAY);
      if (missed) return missed.map((change) => ({ type: 'price', ...change }));
    }
    // From the primary: a change just announced must be in what a (re)subscribing client gets.
    const { station, prices } = await onPrimary(this.dataSource, async (m) => ({
      station: await m.findOneBy(StationEntity, { id: stationId }),
      prices: await m.findBy(StationPriceEntity, { stationId }),
    }));
    const changedAt = prices.reduce((latest, p) => (p.updatedAt > latest ? p.updatedAt : latest), new Date(0));
    return [{ type: 'snapshot', stationId, seq: station?.priceSeq ?? 0, prices: prices.map(toGradePrice), changedAt: changedAt.toISOString() }];
  }
}
