/**
 * Crash injection for the fault tests: `failpoint('name')` kills this process on the spot (SIGKILL: no cleanup,
 * no transaction rollback beyond what the database does itself) when FAILPOINTS names it. Placed only where a
 * crash matters for money (between two steps that cannot share one transaction). Ignored in production.
 */
const armed = new Set(process.env.NODE_ENV === 'production' ? [] : (process.env.FAILPOINTS ?? '').split(',').filter(Boolean));

export function failpoint(name: string): void {
  if (armed.has(name)) process.kill(process.pid, 'SIGKILL');
}
