// A MySQL/MariaDB URL as the command-line clients take it: connection flags, and the password in MYSQL_PWD (never
// on the command line, where `ps` would show it).
export function clientArgs(url) {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(database)) throw new Error(`unsupported database name in ${parsed.protocol}//…/${database}`);
  return {
    database,
    args: ['-h', parsed.hostname, '-P', parsed.port || '3306', '-u', decodeURIComponent(parsed.username || 'root')],
    env: { ...process.env, MYSQL_PWD: decodeURIComponent(parsed.password) },
  };
}

export const SERVICES = ['user', 'order', 'payment', 'map'];

/** Each service's database URL from USER_DATABASE_URL, ORDER_DATABASE_URL, …; all four are needed. */
export function serviceUrls(prefix = '') {
  const urls = Object.fromEntries(SERVICES.map((name) => [name, process.env[`${prefix}${name.toUpperCase()}_DATABASE_URL`]]));
  const missing = SERVICES.filter((name) => !urls[name]);
  if (missing.length) throw new Error(`set ${missing.map((name) => `${prefix}${name.toUpperCase()}_DATABASE_URL`).join(', ')}`);
  return urls;
}
