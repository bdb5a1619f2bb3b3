/**
 * Local stand-in for the Baidu Maps geocoding web API (GET /geocoding/v3/?address=…&output=json&ak=…
 * [&ret_coordtype=gcj02ll]), which we cannot reach here. Same answers and status codes as the real one: 0 with
 * result.location, 1 for no result, 2 for bad parameters, 200 for an unknown ak, 302 when the day's quota is
 * used up. It knows Chengdu's districts: an address naming one is placed near that district's centre, at a
 * position derived from the address text (so the same address always lands on the same point).
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import gcoordExports from 'gcoord';

// As in @fuel/shared's coordinates.ts: the default import of this CommonJS package is module.exports itself.
const gcoord = gcoordExports as unknown as (typeof import('gcoord'))['default'];

/** District centres, GCJ-02. */
const DISTRICTS: Record<string, { lat: number; lng: number }> = {
  锦江区: { lat: 30.6405, lng: 104.0965 },
  武侯区: { lat: 30.6255, lng: 104.0435 },
  高新区: { lat: 30.5735, lng: 104.0655 },
  成华区: { lat: 30.6805, lng: 104.1055 },
  青羊区: { lat: 30.6745, lng: 104.0625 },
  金牛区: { lat: 30.6915, lng: 104.0525 },
};

export interface GeocodingStandInOptions {
  port: number;
  host?: string;
  ak: string;
  dailyQuota?: number;
}

export function startGeocodingStandIn(options: GeocodingStandInOptions): Promise<{ server: Server; url: string }> {
  let used = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://standin');
    const reply = (body: object) => {
      res.writeHead(200, { 'content-type': 'application/json;charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname !== '/geocoding/v3/' && url.pathname !== '/geocoding/v3') {
      res.writeHead(404);
      return res.end();
    }
    if (url.searchParams.get('ak') !== options.ak) return reply({ status: 200, message: 'APP不存在，AK有误请检查再重试' });
    if (++used > (options.dailyQuota ?? 10_000)) return reply({ status: 302, message: '天配额超限，限制访问' });
    const address = url.searchParams.get('address');
    if (!address) return reply({ status: 2, message: 'Parameter Invalid' });
    const district = Object.keys(DISTRICTS).find((name) => address.includes(name));
    if (!district) return reply({ status: 1, msg: 'Internal Service Error:无相关结果', results: [] });
    const digest = createHash('sha256').update(address).digest();
    const gcj = {
      lat: DISTRICTS[district].lat + (digest.readUInt16BE(0) / 65535 - 0.5) * 0.02,
      lng: DISTRICTS[district].lng + (digest.readUInt16BE(2) / 65535 - 0.5) * 0.02,
    };
    const wantGcj = url.searchParams.get('ret_coordtype') === 'gcj02ll';
    const [lng, lat] = wantGcj ? [gcj.lng, gcj.lat] : (gcoord.transform([gcj.lng, gcj.lat], gcoord.GCJ02, gcoord.BD09) as [number, number]);
    reply({ status: 0, result: { location: { lng, lat }, precise: 1, confidence: 80, comprehension: 100, level: '道路' } });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : options.port}` });
    });
  });
}
