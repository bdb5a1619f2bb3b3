/**
 * A station's till (run by `npm start`): the offline inventory system of the first demo stations, reporting its
 * counted stock through the inventory sync API like a real till would — signed with the station's token, one
 * batch every TILL_INTERVAL_MS, each row versioned by the till's clock. Between counts the shop sells a few units
 * over the counter, and restocks a product when it runs low.
 *
 * GATEWAY_URL (http://127.0.0.1:3000), BACKOFFICE_MASTER_KEY (dev default), TILL_INTERVAL_MS (60000),
 * TILL_STATIONS (1,2,3).
 */
import { signStationToken, stationSecret, type InventorySyncResult, type Page, type Product } from '@fuel/shared';
import { DEV_BACKOFFICE_MASTER_KEY } from '../dev-env.js';

const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000';
const masterKey = process.env.BACKOFFICE_MASTER_KEY ?? DEV_BACKOFFICE_MASTER_KEY;
const intervalMs = Number(process.env.TILL_INTERVAL_MS ?? 60_000);
const stations = (process.env.TILL_STATIONS ?? '1,2,3').split(',').map(Number);
const log = (level: 'info' | 'warn', fields: Record<string, unknown>, msg: string) =>
  process.stdout.write(`${JSON.stringify({ level, time: new Date().toISOString(), service: 'till-simulator', ...fields, msg })}\n`);

let batch = 0;

async function count(stationId: number): Promise<void> {
  const listed = (await (await fetch(`${gateway}/api/v1/products?stationId=${stationId}&pageSize=100`)).json()) as Page<Product>;
  const version = Date.now();
  const rows = listed.items.map((product) => {
    const onShelf = product.stock ?? 0;
    const sold = Math.floor(Math.random() * 3);
    // What the app can still sell plus what it holds is on the shelf; the till counts it after its own sales.
    const counted = onShelf - sold < 3 ? onShelf + 20 : onShelf - sold;
    return { productId: product.id, quantity: Math.max(0, counted), version, lowStockThreshold: 5 };
  });
  if (!rows.length) return;
  const path = `/api/v1/backoffice/stations/${stationId}/inventory`;
  const body = { syncId: `till-${stationId}-${version}-${++batch}`, rows };
  const response = await fetch(`${gateway}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-station-token': signStationToken(stationId, stationSecret(masterKey, stationId), { method: 'POST', path, body }) },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    log('warn', { stationId, status: response.status }, 'inventory sync refused');
    return;
  }
  const result = (await response.json()) as InventorySyncResult;
  log('info', { stationId, applied: result.applied, low: result.rows.filter((r) => r.lowStock).map((r) => r.productId) }, 'inventory synced');
}

const tick = () => Promise.all(stations.map((id) => count(id).catch((error: unknown) => log('warn', { stationId: id, err: String(error) }, 'till could not reach the gateway'))));
void tick();
setInterval(() => void tick(), intervalMs);
log('info', { stations, intervalMs }, 'till simulator counting');
