/**
 * Station back-office price simulator (run by `npm start`): acts as the back-office of every demo station,
 * nudging one grade's prices by a few fen every few seconds through the back-office API, each request with a
 * freshly signed station token — the same path a real back-office uses.
 *
 * GATEWAY_URL (http://127.0.0.1:3000), BACKOFFICE_MASTER_KEY (dev default), SIMULATOR_INTERVAL_MS (5000).
 */
import { DEV_BACKOFFICE_MASTER_KEY, signStationToken, stationSecret, type StationDetail, type Page, type StationSummary } from '@fuel/shared';

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

async function tick(stationIds: number[]): Promise<void> {
  const stationId = stationIds[Math.floor(random() * stationIds.length)];
  const station = (await (await fetch(`${gateway}/api/v1/stations/${stationId}`)).json()) as StationDetail;
  const price = station.prices[Math.floor(random() * station.prices.length)];
  const delta = Math.floor(random() * 11) - 5 || 1; // -5 … +5 fen, never 0
  const change = {
    grade: price.grade,
    regularFen: price.regularFen + delta,
    memberFen: { silver: price.memberFen.silver + delta, gold: price.memberFen.gold + delta, diamond: price.memberFen.diamond + delta },
  };
  const response = await fetch(`${gateway}/api/v1/backoffice/stations/${stationId}/prices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-station-token': signStationToken(stationId, stationSecret(masterKey, stationId)) },
    body: JSON.stringify({ changes: [change] }),
  });
  const body = (await response.json()) as { seq?: number; error?: { code: string } };
  log({ stationId, grade: change.grade, regularFen: change.regularFen, status: response.status, seq: body.seq, error: body.error?.code }, 'price pushed');
}

async function main(): Promise<void> {
  const page = (await (await fetch(`${gateway}/api/v1/stations?pageSize=100`)).json()) as Page<StationSummary>;
  const stationIds = page.items.map((s) => s.id);
  log({ stations: stationIds.length, intervalMs }, 'price simulator started');
  const timer = setInterval(() => tick(stationIds).catch((error) => log({ error: String(error) }, 'push failed')), intervalMs);
  const stop = () => {
    clearInterval(timer);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
