// `npm run restore -- <dir>`: loads a backup made by `npm run backup` into the databases named by
// USER_DATABASE_URL, ORDER_DATABASE_URL, PAYMENT_DATABASE_URL and MAP_DATABASE_URL (created when missing; meant for
// fresh, empty ones). Every file is checked against the manifest's SHA-256 first: a damaged backup loads nothing.
// Afterwards run `npm run verify` against the same databases.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { clientArgs, serviceUrls } from './mysql-url.mjs';

const client = process.platform === 'win32' ? 'mysql.exe' : 'mysql';
const dir = process.argv[2] ? resolve(process.argv[2]) : undefined;
if (!dir) throw new Error('usage: npm run restore -- <backup dir>');
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const urls = serviceUrls();
for (const [service, entry] of Object.entries(manifest.services)) {
  const digest = createHash('sha256').update(readFileSync(join(dir, entry.file))).digest('hex');
  if (digest !== entry.sha256) throw new Error(`${entry.file} does not match the manifest: the backup is damaged`);
  if (!urls[service]) throw new Error(`no target for ${service}`);
}
const run = (args, env, input) =>
  new Promise((done, fail) => {
    const child = spawn(client, args, { env, stdio: [input ? 'pipe' : 'ignore', 'inherit', 'inherit'] });
    if (input) createReadStream(input).pipe(child.stdin);
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`${client} exited with ${code}`))));
  });
for (const [service, entry] of Object.entries(manifest.services)) {
  const { database, args, env } = clientArgs(urls[service]);
  await run([...args, '-e', `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`], env);
  await run([...args, database], env, join(dir, entry.file));
  console.log(`[restore] ${service}: ${entry.file} → ${database}`);
}
console.log('[restore] done; now: npm run verify');
