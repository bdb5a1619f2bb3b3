import { z } from 'zod';
import { COORD_TYPES } from './nearby.dto.js';
import { FUEL_GRADES, STATION_SERVICES, STATION_STATUSES } from './station.dto.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式为 HH:mm');

export const openingHoursInput = z.union([
  z.object({ allDay: z.literal(true) }).strict(),
  z
    .object({
      allDay: z.literal(false),
      days: z
        .array(z.object({ weekday: z.number().int().min(1).max(7), open: hhmm, close: hhmm }).strict())
        .min(1)
        .max(7)
        .refine((days) => new Set(days.map((d) => d.weekday)).size === days.length, '每天只能设置一次'),
    })
    .strict(),
]);

export const pumpInput = z
  .object({
    number: z.number().int().min(1).max(99),
    nozzles: z.array(z.object({ nozzle: z.number().int().min(1).max(9), grade: z.enum(FUEL_GRADES) }).strict()).min(1).max(8),
    position: z.object({ x: z.number().min(0).max(100), y: z.number().min(0).max(100) }).strict(),
  })
  .strict();

const stationFields = {
  code: z.string().regex(/^[A-Z0-9-]{3,32}$/, '站点编码为 3–32 位大写字母、数字或 -'),
  name: z.string().trim().min(2).max(64),
  brand: z.string().trim().min(1).max(32),
  address: z.string().trim().min(4).max(255),
  /** Without a location the address is geocoded (Baidu Maps). */
  location: z
    .object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), coordType: z.enum(COORD_TYPES).default('gcj02') })
    .strict()
    .optional(),
  phone: z.string().regex(/^[0-9-]{7,20}$/, '电话格式有误'),
  openingHours: openingHoursInput,
  services: z.array(z.enum(STATION_SERVICES)).max(STATION_SERVICES.length),
  photos: z.array(z.string().max(255)).max(20),
  pumps: z.array(pumpInput).max(40),
  status: z.enum(STATION_STATUSES),
};

export const stationCreateBody = z
  .object({
    ...stationFields,
    photos: stationFields.photos.default([]),
    pumps: stationFields.pumps.default([]),
    status: stationFields.status.default('open'),
  })
  .strict();
/** Only the fields sent change (no defaults here: a PATCH must not reset what it does not name). */
export const stationUpdateBody = z
  .object(stationFields)
  .omit({ code: true })
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, '至少修改一项');

export type StationCreateInput = z.output<typeof stationCreateBody>;
export type StationUpdateInput = z.output<typeof stationUpdateBody>;
