/**
 * The live price channel's messages (JSON text frames). Documented in the README.
 *
 * client → server
 *   {"type":"subscribe","stationIds":[1,2],"since":{"1":12}}      stations, optionally with the last seq seen
 *   {"type":"subscribe","area":{"lat":30.6,"lng":104.0,"radius":3000,"coordType":"gcj02"}}
 *   {"type":"unsubscribe","stationIds":[1]}
 *   {"type":"ping"}
 *   {"type":"push","ref":"a1","token":"v1…","stationId":5,"changes":[…],"confirm":false}   (station back-offices)
 * server → client
 *   {"type":"subscribed","stationIds":[…]}
 *   {"type":"snapshot","stationId":1,"seq":12,"prices":[…],"changedAt":"…"}
 *   {"type":"price","stationId":1,"seq":13,"changes":[…],"changedAt":"…"}
 *   {"type":"ack","ref":"a1","stationId":5,"seq":14}
 *   {"type":"error","ref":"a1","code":"…","message":"…","details":{…}}
 *   {"type":"pong"}
 */
import { z } from 'zod';
import { COORD_TYPES, NEARBY_MAX_RADIUS_M } from './nearby.dto.js';
import { gradePriceInput } from './price.dto.js';
import type { GradePrice } from './station.dto.js';

/** The hot-store channel on which the map service announces every committed change (a StationPrices JSON). */
export const PRICES_CHANNEL = 'prices';

/** Largest client frame accepted (bytes). */
export const PRICE_CHANNEL_MAX_PAYLOAD = 64 * 1024;
/** Stations one connection may follow. */
export const MAX_SUBSCRIPTIONS = 200;
/** Missed changes replayed per station on resubscribe; further behind gets a snapshot. */
export const MAX_REPLAY = 100;

const stationId = z.number().int().positive();

export const subscriptionArea = z
  .object({
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    radius: z.number().int().min(1).max(NEARBY_MAX_RADIUS_M),
    coordType: z.enum(COORD_TYPES).default('gcj02'),
  })
  .strict();
export type SubscriptionArea = z.infer<typeof subscriptionArea>;

export const clientMessage = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('subscribe'),
      stationIds: z.array(stationId).max(MAX_SUBSCRIPTIONS).optional(),
      since: z.record(z.string().regex(/^\d+$/), z.number().int().min(0)).optional(),
      area: subscriptionArea.optional(),
    })
    .strict()
    .refine((m) => m.stationIds !== undefined || m.area !== undefined, { message: '需要 stationIds 或 area', path: ['stationIds'] }),
  z.object({ type: z.literal('unsubscribe'), stationIds: z.array(stationId).max(MAX_SUBSCRIPTIONS) }).strict(),
  z.object({ type: z.literal('ping') }).strict(),
  z
    .object({
      type: z.literal('push'),
      ref: z.string().max(64).optional(),
      token: z.string().min(1).max(512),
      stationId,
      changes: z.array(gradePriceInput).min(1).max(4),
      confirm: z.boolean().default(false),
    })
    .strict(),
]);
export type ClientMessage = z.infer<typeof clientMessage>;

/** Where the live price channel is served (by the gateway; what a back-office push's token signs as its path). */
export const PRICE_CHANNEL_PATH = '/ws/prices';

/** A frame the server sends (built once per change for all followers, or per client for catch-up). */
export type PriceChannelFrame = { type: string } & Record<string, unknown>;

/** The server frames a client reads, typed (what `PriceChannelFrame` carries on the wire). */
export type ServerFrame =
  | { type: 'subscribed'; stationIds: number[] }
  | { type: 'snapshot'; stationId: number; seq: number; prices: GradePrice[]; changedAt: string }
  | { type: 'price'; stationId: number; seq: number; changes: GradePrice[]; changedAt: string }
  | { type: 'ack'; ref?: string; stationId: number; seq: number }
  | { type: 'error'; ref?: string; code: string; message: string; details?: unknown }
  | { type: 'pong' };

/** Map-service RPCs behind the channel when the gateway holds the client sockets (see live/price-channel-hub). */
export const subscriptionRequest = z.object({ stationIds: z.array(stationId).max(MAX_SUBSCRIPTIONS), area: subscriptionArea.optional() }).strict();
export const catchUpRequest = z
  .object({ stations: z.array(z.object({ stationId, since: z.number().int().min(0).optional() }).strict()).max(MAX_SUBSCRIPTIONS) })
  .strict();
