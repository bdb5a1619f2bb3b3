/**
 * Station back-office price simulator (run by `npm start`): acts as the back-office of every demo station over
 * the live price channel, the same protocol a real back-office uses. It keeps one WebSocket to the gateway's
 * /ws/prices, follows every station (so it always knows the current prices), and every few seconds pushes a
 * small change of one grade at one station with a freshly signed station token.
 *
 * GATEWAY_URL (http://127.0.0.1:3000), BACKOFFICE_MASTER_KEY (dev default), SIMULATOR_INTERVAL_MS (5000).
 */
import WebSocket from 'ws';
import { PRICE_CHANNEL_PATH, signStationToken, stationSecret, type GradePrice, type Page, type StationSummary } from '@fuel/shared';
import { DEV_BACKOFFICE_MASTER_KEY } from '../dev-env.js';

const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000';
const masterKey = process.env.BACKOFFICE_MASTER_KEY ?? DEV_BACKOFFICE_MASTER_KEY;
const intervalMs = Number(process.env.SIMULATOR_INTERVAL_MS ?? 5000);
const log = (fields: Record<string, unknown>, msg: string) =>
  process.stdout.write(`${JSON.stringify({ level: 'info', time: new Date().toISOString(), service: 'price-simulator', ...fields, msg })}\n`);

/** mulberry32, seeded: the same walk on every run. */
let state = 20261126;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** stationId → grade → current price, kept up to date from snapshots and live changes. */
const prices = new Map<number, Map<string, GradePrice>>();
let ref = 0;

function apply(stationId: number, list: GradePrice[]): void {
  const table = prices.get(stationId) ?? new Map<string, GradePrice>();
  for (const p of list) table.set(p.grade, p);
  prices.set(stationId, table);
}

function pushOne(socket: WebSocket): void {
  const ids = [...prices.keys()];
  if (ids.length === 0) return;
  const stationId = ids[Math.floor(random() * ids.length)];
  const grades = [...prices.get(stationId)!.values()];
  const price = grades[Math.floor(random() * grades.length)];
  const delta = Math.floor(random() * 11) - 5 || 1; // -5 … +5 fen, never 0
  const message = {
    type: 'push',
    ref: `sim-${++ref}`,
    stationId,
    changes: [
      {
        grade: price.grade,
        regularFen: price.regularFen + delta,
        memberFen: { silver: price.memberFen.silver + delta, gold: price.memberFen.gold + delta, diamond: price.memberFen.diamond + delta },
      },
    ],
  };
  // The token signs the message itself (without the token), on the live channel's path.
  socket.send(JSON.stringify({ ...message, token: signStationToken(stationId, stationSecret(masterKey, stationId), { method: 'PUSH', path: PRICE_CHANNEL_PATH, body: message }) }));
}

async function main(): Promise<void> {
  const page = (await (await fetch(`${gateway}/api/v1/stations?pageSize=100`)).json()) as Page<StationSummary>;
  const socket = new WebSocket(`${gateway.replace(/^http/, 'ws')}/ws/prices`);
  let timer: NodeJS.Timeout | undefined;
  socket.on('open', () => {
    socket.send(JSON.stringify({ type: 'subscribe', stationIds: page.items.map((s) => s.id) }));
    timer = setInterval(() => pushOne(socket), intervalMs);
    log({ stations: page.items.length, intervalMs }, 'price simulator started');
  });
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { type: string; stationId: number; seq?: number; prices?: GradePrice[]; changes?: GradePrice[]; ref?: string; code?: string };
    if (message.type === 'snapshot') apply(message.stationId, message.prices!);
    if (message.type === 'price') apply(message.stationId, message.changes!);
    if (message.type === 'ack') log({ stationId: message.stationId, seq: message.seq, ref: message.ref }, 'price pushed');
    if (message.type === 'error') log({ ref: message.ref, code: message.code }, 'push refused');
  });
  socket.on('close', () => {
    clearInterval(timer);
    log({}, 'price channel closed; stopping');
    process.exit(1);
  });
  const stop = () => {
    clearInterval(timer);
    socket.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
