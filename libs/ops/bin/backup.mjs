// `npm run backup [-- <dir>]`: a logical dump of every service's database (USER_DATABASE_URL, ORDER_DATABASE_URL,
// PAYMENT_DATABASE_URL, MAP_DATABASE_URL), each one consistent in itself (one transaction, no locks on InnoDB),
// with its triggers, into <dir> (default .data/backups/<time>) plus a manifest of SHA-256 digests. What is encrypted
// at rest stays encrypted in the dump, and the SM4 and index keys are never in it: they live in the services'
// configuration, not in any database. `npm run restore -- <dir>` puts it back.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { clientArgs, serviceUrls } from './mysql-url.mjs';

const dump = process.platform === 'win32' ? 'mysqldump.exe' : 'mysqldump';
const urls = serviceUrls();
const dir = resolve(process.argv[2] ?? join('.data', 'backups', new Date().toISOString().replace(/[:.]/g, '-')));
mkdirSync(dir, { recursive: true });
const manifest = { createdAt: new Date().toISOString(), services: {} };
for (const [service, url] of Object.entries(urls)) {
  const { database, args, env } = clientArgs(url);
  const file = join(dir, `${service}.sql`);
  const out = createWriteStream(file);
  const written = new Promise((done, fail) => out.on('finish', done).on('error', fail));
  await new Promise((done, fail) => {
    const child = spawn(dump, [...args, '--single-transaction', '--quick', '--routines', '--triggers', '--hex-blob', '--no-tablespaces', '--skip-comments', database], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.pipe(out);
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`${dump} ${database} exited with ${code}`))));
  });
  await written;
  const content = readFileSync(file);
  manifest.services[service] = { database, file: `${service}.sql`, bytes: content.length, sha256: createHash('sha256').update(content).digest('hex') };
  console.log(`[backup] ${service}: ${database} → ${file} (${content.length} bytes)`);
}
writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`[backup] done: ${dir}`);
