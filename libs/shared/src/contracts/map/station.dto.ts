import { z } from 'zod';

import { FUEL_PRICE_KEYS, type FuelGrade, type FuelPriceKey, type StationService, type StationStatus } from './station-vocabulary.js';

export * from './station-vocabulary.js';

/** Opening hours: round the clock, or per ISO weekday (1 = Monday … 7 = Sunday), local time Asia/Shanghai. */
export type OpeningHours = { allDay: true } | { allDay: false; days: Array<{ weekday: number; open: string; close: string }> };

export interface GradePrice {
  grade: FuelGrade;
  /** Regular price per litre, in fen. */
  regularFen: number;
  /** Member price per litre for each tier, in fen (never above the regular price). */
  memberFen: { silver: number; gold: number; diamond: number };
  updatedAt: string;
  /** In a signed-in member's station detail: the price per litre that applies to them. */
  yourFen?: number;
}

export interface Region {
  code: string;
  name: string;
}

export interface StationSummary {
  id: number;
  code: string;
  name: string;
  brand: string;
  regionCode: string;
  address: string;
  /** GCJ-02, the system WeChat maps use. */
  location: { lat: number; lng: number };
  openingHours: OpeningHours;
  services: StationService[];
  status: StationStatus;
  prices: GradePrice[];
}

/** A pump island position on the station's layout diagram (0–100 on each axis) and what its nozzles serve. */
export interface Pump {
  number: number;
  nozzles: Array<{ nozzle: number; grade: FuelGrade }>;
  position: { x: number; y: number };
}

export interface StationDetail extends StationSummary {
  phone: string;
  photos: string[];
  pumps: Pump[];
  /** Open for fuel at the moment of the answer: open by its operator and within its hours (Asia/Shanghai). */
  openNow: boolean;
  /** Which price applies to the caller: their tier's member price, or the regular one; null when not signed in. */
  appliesTo: FuelPriceKey | null;
}


export const stationDetailRequest = z.object({ id: z.number().int().positive(), appliesTo: z.enum(FUEL_PRICE_KEYS).optional() }).strict();

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const pageQuery = {
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};

export const stationListQuery = z
  .object({
    regionCode: z.string().regex(/^[A-Z]{2,8}$/, '区域编码格式有误').optional(),
    ...pageQuery,
  })
  .strict();

export const idParam = z.object({ id: z.coerce.number().int().positive() }).strict();
