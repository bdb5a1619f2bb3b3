/**
 * Local stand-in for an express-tracking API in the manner of Kuaidi100 (快递100), the one most Chinese shops use:
 * - POST /poll (form `schema=json&param={company, number, key, parameters:{callbackurl, salt}}`): subscribe to a
 *   waybill with the merchant's key; answers {result, returnCode, message} (601 for a wrong key, 501 for a repeat).
 * - Tracking is then pushed to the callback URL as a form post `param=<JSON>&sign=<MD5(param + salt), upper case>`,
 *   newest event first, state 0 在途 → 5 派件 → 3 签收, one step every `stepMs`; a push not answered with
 *   {"result":true,"returnCode":"200"} is sent again (shortened schedule), as the real service does.
 * - POST /poll/query.do (form `customer`, `param={com, num}`, `sign=MD5(param + key + customer)`): the current
 *   tracking, the fallback when pushes do not arrive.
 * GET /_standin/logistics lists what was pushed. A waybill starting with NOPUSH is tracked but never pushed: a
 * carrier whose pushes are lost, which only the query finds out.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { DEV_LOGISTICS_CUSTOMER, DEV_LOGISTICS_KEY } from '../dev-env.js';
import { NotificationSender, type NotificationRecord } from './notification-delivery.js';

export interface LogisticsStandInOptions {
  port: number;
  host?: string;
  key: string;
  customer: string;
  /** Time between tracking steps. */
  stepMs?: number;
  retryDelaysMs?: number[];
}


/** The stand-in as the development defaults know it (what `npm start` and tests run). */
export function devLogisticsStandInOptions(port: number, overrides: Partial<LogisticsStandInOptions> = {}): LogisticsStandInOptions {
  return { port, key: DEV_LOGISTICS_KEY, customer: DEV_LOGISTICS_CUSTOMER, ...overrides };
}

export const kuaidi100Sign = (text: string) => createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();

interface TrackEvent {
  context: string;
  time: string;
  ftime: string;
  status: string;
}

interface Shipment {
  com: string;
  nu: string;
  callbackurl: string;
  salt: string;
  state: '0' | '5' | '3';
  data: TrackEvent[];
}

export interface LogisticsPush extends NotificationRecord {
  waybill: string;
  state: string;
}

const STEPS: Array<{ state: Shipment['state']; status: string; context: (city: string) => string }> = [
  { state: '0', status: '揽收', context: (city) => `【${city}】快件已揽收` },
  { state: '0', status: '在途', context: (city) => `【${city}】快件已发往目的地转运中心` },
  { state: '5', status: '派件', context: (city) => `【${city}】快递员正在派件，请保持电话畅通` },
  { state: '3', status: '签收', context: (city) => `【${city}】快件已签收，感谢使用` },
];

const beijing = (date: Date) => new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

export function startLogisticsStandIn(options: LogisticsStandInOptions): Promise<{ server: Server; url: string; pushes: LogisticsPush[] }> {
  const shipments = new Map<string, Shipment>();
  const pushes: LogisticsPush[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sender = new NotificationSender(options.retryDelaysMs ?? [30_000, 60_000, 120_000], (status, text) => status === 200 && /"result"\s*:\s*true/.test(text));
  const lastResult = (s: Shipment) => ({ message: 'ok', nu: s.nu, ischeck: s.state === '3' ? '1' : '0', com: s.com, status: '200', state: s.state, data: s.data });

  function step(shipment: Shipment, index: number): void {
    const next = STEPS[index];
    if (!next) return;
    const now = new Date();
    shipment.state = next.state;
    shipment.data = [{ context: next.context('成都市'), time: beijing(now), ftime: beijing(now), status: next.status }, ...shipment.data];
    const param = JSON.stringify({ status: next.state === '3' ? 'shutdown' : 'polling', billstatus: 'got', message: '', lastResult: lastResult(shipment) });
    const body = new URLSearchParams({ param, sign: kuaidi100Sign(param + shipment.salt) }).toString();
    const push: LogisticsPush = { url: shipment.callbackurl, body, headers: { 'content-type': 'application/x-www-form-urlencoded' }, answers: [], acknowledged: false, waybill: shipment.nu, state: next.state };
    if (!shipment.nu.startsWith('NOPUSH')) {
      pushes.push(push);
      sender.send(push);
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      step(shipment, index + 1);
    }, options.stepMs ?? 60_000);
    timers.add(timer);
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://standin');
      const answer = (body: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      };
      if (url.pathname === '/_standin/logistics') return answer(pushes);
      const form = req.method === 'POST' ? await readForm(req) : {};
      let param: Record<string, unknown>;
      try {
        param = JSON.parse(form.param ?? '{}') as Record<string, unknown>;
      } catch {
        return answer({ result: false, returnCode: '500', message: '参数格式错误' });
      }
      if (url.pathname === '/poll') {
        if (param.key !== options.key) return answer({ result: false, returnCode: '601', message: 'POLL:KEY已过期或不存在' });
        const parameters = (param.parameters ?? {}) as { callbackurl?: string; salt?: string };
        const nu = String(param.number ?? '');
        const com = String(param.company ?? '');
        if (!/^[A-Za-z0-9]{6,32}$/.test(nu) || !com || !parameters.callbackurl || !/^https?:\/\//.test(parameters.callbackurl)) return answer({ result: false, returnCode: '700', message: '参数错误' });
        if (shipments.has(nu)) return answer({ result: false, returnCode: '501', message: 'POLL:重复订阅' });
        const shipment: Shipment = { com, nu, callbackurl: parameters.callbackurl, salt: parameters.salt ?? '', state: '0', data: [] };
        shipments.set(nu, shipment);
        const timer = setTimeout(() => {
          timers.delete(timer);
          step(shipment, 0);
        }, Math.min(options.stepMs ?? 60_000, 1000));
        timers.add(timer);
        return answer({ result: true, returnCode: '200', message: '提交成功' });
      }
      if (url.pathname === '/poll/query.do') {
        if (form.customer !== options.customer || form.sign !== kuaidi100Sign(`${form.param}${options.key}${options.customer}`)) return answer({ result: false, returnCode: '601', message: '验证签名失败' });
        const shipment = shipments.get(String(param.num ?? ''));
        if (!shipment) return answer({ result: false, returnCode: '500', message: '查询无结果，请隔段时间再查' });
        return answer(lastResult(shipment));
      }
      res.writeHead(404);
      res.end();
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.on('close', () => {
    timers.forEach(clearTimeout);
    sender.stop();
  });
  return new Promise((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${options.port}`, pushes })));
}
