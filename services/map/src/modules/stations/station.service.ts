import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  type Clock,
  DomainError,
  stationOpenAt,
  FUEL_GRADES,
  type FuelPriceKey,
  type GradePrice,
  type Page,
  type Region,
  type StationDetail,
  type StationSummary,
} from '@fuel/shared';
import type { StationEntity, StationPriceEntity } from './station.entity.js';
import { StationRepository } from './station.repository.js';

const gradeOrder = (grade: string) => FUEL_GRADES.indexOf(grade as (typeof FUEL_GRADES)[number]);

export function toGradePrice(price: StationPriceEntity): GradePrice {
  return {
    grade: price.grade,
    regularFen: price.regularFen,
    memberFen: { silver: price.silverFen, gold: price.goldFen, diamond: price.diamondFen },
    updatedAt: price.updatedAt.toISOString(),
  };
}

export function toSummary(station: StationEntity, prices: StationPriceEntity[]): StationSummary {
  return {
    id: station.id,
    code: station.code,
    name: station.name,
    brand: station.brand,
    regionCode: station.regionCode,
    address: station.address,
    location: { lat: station.lat, lng: station.lng },
    openingHours: station.openingHours,
    services: station.services,
    status: station.status,
    prices: prices
      .filter((p) => p.stationId === station.id)
      .sort((a, b) => gradeOrder(a.grade) - gradeOrder(b.grade))
      .map(toGradePrice),
  };
}

@Injectable()
export class StationService {
  constructor(
    private readonly stations: StationRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async regions(): Promise<Region[]> {
    return (await this.stations.regions()).map(({ code, name }) => ({ code, name }));
  }

  async list(query: { regionCode?: string; page: number; pageSize: number }): Promise<Page<StationSummary>> {
    const [rows, total] = await this.stations.page({ regionCode: query.regionCode }, query.page, query.pageSize);
    const prices = await this.stations.pricesFor(rows.map((s) => s.id));
    return { items: rows.map((s) => toSummary(s, prices)), total, page: query.page, pageSize: query.pageSize };
  }

  /** With `appliesTo` (a signed-in member's price key), each grade also carries the price that member pays. */
  async detail(id: number, appliesTo?: FuelPriceKey): Promise<StationDetail> {
    const station = await this.stations.byId(id);
    if (!station) throw DomainError.notFound('加油站', id);
    const summary = toSummary(station, await this.stations.pricesFor([id]));
    const prices = appliesTo
      ? summary.prices.map((p) => ({ ...p, yourFen: appliesTo === 'regular' ? p.regularFen : p.memberFen[appliesTo] }))
      : summary.prices;
    // Open now on this service's clock: what the order service sells fuel by.
    return { ...summary, prices, openNow: stationOpenAt(summary, this.clock.now()), phone: station.phone, photos: station.photos, pumps: station.pumps ?? [], appliesTo: appliesTo ?? null };
  }
}
