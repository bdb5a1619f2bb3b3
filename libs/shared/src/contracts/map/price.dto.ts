import { z } from 'zod';
import { FUEL_GRADES, type GradePrice } from './station.dto.js';

const fenPerLitre = z.number().int('必须是整数（分）').positive('必须大于 0').max(100_000);

export const gradePriceInput = z
  .object({
    grade: z.enum(FUEL_GRADES),
    regularFen: fenPerLitre,
    memberFen: z.object({ silver: fenPerLitre, gold: fenPerLitre, diamond: fenPerLitre }).strict(),
  })
  .strict();
export type GradePriceInput = z.infer<typeof gradePriceInput>;

/** A station back-office sets one or more grades at once; a jump beyond the bound needs `confirm: true`. */
export const priceChangeBody = z
  .object({
    changes: z
      .array(gradePriceInput)
      .min(1)
      .max(FUEL_GRADES.length)
      .refine((changes) => new Set(changes.map((c) => c.grade)).size === changes.length, '每个油品只能出现一次'),
    confirm: z.boolean().default(false),
  })
  .strict();

/** The request a back-office token came with, as the gateway received it (backoffice/station-token.ts). */
export const signedStationRequest = z
  .object({
    method: z.enum(['POST', 'PUSH']),
    path: z.string().min(1).max(200),
    bodyDigest: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  })
  .strict();

export const backofficePriceChange = priceChangeBody.extend({
  stationId: z.number().int().positive(),
  /** The back-office's signed station token (see backoffice/station-token.ts), and the request it signed. */
  token: z.string().min(1).max(512),
  request: signedStationRequest,
});

/** What every subscriber of a station receives when its prices change (and what a snapshot carries). */
export interface StationPrices {
  stationId: number;
  /** Per-station sequence number: +1 for every accepted change. */
  seq: number;
  /** The whole price table after the change. */
  prices: GradePrice[];
  /** Only the grades this change set (what the live channel sends, and what a replay can rebuild). */
  changes: GradePrice[];
  changedAt: string;
}
