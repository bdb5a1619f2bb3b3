// Baseline: a bare `ws` server that broadcasts one frame to every client when POST /broadcast arrives, so the
// bench can compare the platform's fan-out (REST push → DB → pub/sub → WebSocket) with the floor on this machine.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const frame = JSON.stringify({ type: 'price', stationId: 1, seq: 1, changes: [JSON.parse(body)], changedAt: new Date().toISOString() });
    for (const client of wss.clients) client.send(frame);
    res.end('{}');
  });
});
const wss = new WebSocketServer({ server });
server.listen(Number(process.argv[2]), '127.0.0.1', () => process.send?.('ready'));
