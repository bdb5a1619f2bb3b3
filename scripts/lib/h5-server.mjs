// Serves the mini-program's H5 build and forwards /api and /ws to the gateway, so the page and the API share
// one origin (no CORS in the embedded setup); in development also the WeChat Pay stand-in's cashier
// (/_standin/wechatpay/… → the stand-in's /_standin/…), which H5 opens where a phone would open WeChat Pay.
// Only node: built-ins.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export function startH5Server({ root, port, gatewayPort, wechatPayStandInPort, host = '127.0.0.1' }) {
  const server = createServer((req, res) => {
    const toStandIn = wechatPayStandInPort && req.url.startsWith('/_standin/wechatpay/');
    if (req.url.startsWith('/api/') || toStandIn) {
      const upstream = httpRequest(
        toStandIn
          ? { host: '127.0.0.1', port: wechatPayStandInPort, path: req.url.replace('/_standin/wechatpay/', '/_standin/'), method: req.method, headers: req.headers }
          : { host: '127.0.0.1', port: gatewayPort, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        if (res.headersSent) return res.destroy();
        res.writeHead(503, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: { code: 'SERVICE_UNAVAILABLE', message: '服务暂时不可用，请稍后再试' } }));
      });
      req.pipe(upstream);
      return;
    }
    let path;
    try {
      path = normalize(decodeURIComponent(req.url.split('?')[0])).replace(/^(\.\.[/\\])+/, '');
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('bad request');
    }
    let file = join(root, path);
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('H5 build not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  // WebSocket upgrades (live prices) are tunnelled to the gateway as raw TCP.
  server.on('upgrade', (req, socket, head) => {
    const upstream = connect(gatewayPort, '127.0.0.1', () => {
      const headers = Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`).join('\r\n');
      upstream.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers}\r\n\r\n`);
      upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
