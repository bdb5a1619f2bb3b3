/**
 * The gateway's own TLS: given a certificate and key (here self-signed, made by openssl for 127.0.0.1), it serves
 * HTTPS over HTTP/1.1 and WSS on the same port, TLS 1.2 and later only, and sends HSTS; plain HTTP gets no answer.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { get } from 'node:https';
import { connect, type TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { itLeavesEverythingConsistent, Platform } from './platform.js';

describe('gateway TLS (HTTPS and WSS with a self-signed certificate)', () => {
  let platform: Platform;
  let dir: string;
  let ca: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fuel-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
    ca = readFileSync(join(dir, 'cert.pem'), 'utf8');
    platform = await Platform.start({ gatewayTls: { certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem'), ca } });
  });

  after(async () => {
    await platform?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const https = (path: string) =>
    new Promise<{ response: IncomingMessage; body: string; protocol: string | null }>((resolve, reject) => {
      get(`${platform.url}${path}`, { ca }, (response) => {
        const protocol = (response.socket as TLSSocket).getProtocol();
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        response.on('end', () => resolve({ response, body, protocol }));
      }).on('error', reject);
    });

  it('answers HTTPS over HTTP/1.1 with HSTS and the security headers', async () => {
    assert.match(platform.url, /^https:/);
    const { response, body, protocol } = await https('/api/v1/stations?pageSize=1');
    assert.equal(response.statusCode, 200, body);
    assert.equal(response.httpVersion, '1.1');
    assert.match(String(response.headers['strict-transport-security']), /max-age=31536000; includeSubDomains/);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.ok(protocol === 'TLSv1.2' || protocol === 'TLSv1.3', String(protocol));
  });

  it('refuses clients that offer nothing newer than TLS 1.1', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port: platform.gatewayPort, ca, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' }, () => {
        resolve(`connected with ${socket.getProtocol()}`);
        socket.end();
      });
      socket.on('error', (error) => resolve(`refused: ${error.message}`));
    });
    assert.match(outcome, /^refused/);
  });

  it('gives plain HTTP no answer on the TLS port', async () => {
    const status = await fetch(`http://127.0.0.1:${platform.gatewayPort}/api/v1/health`).then(
      (r) => r.status,
      () => 0,
    );
    assert.notEqual(status, 200);
  });

  it('serves the live price channel over WSS', async () => {
    const frames: Array<{ type: string }> = [];
    const socket = new WebSocket(`wss://127.0.0.1:${platform.gatewayPort}/ws/prices`, { ca });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    socket.on('message', (data) => frames.push(JSON.parse(String(data)) as { type: string }));
    socket.send(JSON.stringify({ type: 'subscribe', stationIds: [1] }));
    const deadline = Date.now() + 10_000;
    while (!frames.some((f) => f.type === 'snapshot') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    socket.close();
    assert.ok(frames.some((f) => f.type === 'snapshot'), JSON.stringify(frames));
  });

  itLeavesEverythingConsistent(() => platform);
});
