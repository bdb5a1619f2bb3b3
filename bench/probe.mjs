// Scratch probe (not committed): rate of several gateway routes on one running platform.
import autocannon from 'autocannon';
import { Platform } from '@fuel/e2e/platform';
const platform = await Platform.start({ env: { LOG_LEVEL: 'warn' } });
const run = (path) => new Promise((res, rej) => autocannon({ url: platform.url + path, connections: 50, duration: Number(process.env.D ?? 5) }, (e, r) => (e ? rej(e) : res(r))));
try {
  for (const path of (process.env.PATHS ?? '/api/v1/nope,/api/v1/regions,/api/v1/stations/nearby?lat=30.657&lng=104.066&radius=3000').split(',')) {
    await run(path);
    const r = await run(path);
    console.log(`${path}: ${Math.round(r.requests.average)} req/s p50 ${r.latency.p50} p99 ${r.latency.p99} non2xx ${r.non2xx}`);
  }
} finally { await platform.close(); }
