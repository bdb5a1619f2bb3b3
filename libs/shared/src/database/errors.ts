/** Database error classification shared by the services (MySQL/MariaDB and SQLite). */
import { QueryFailedError } from 'typeorm';

const driverCode = (error: unknown) => (error instanceof QueryFailedError ? (error.driverError as { code?: string; errno?: number } | undefined) : undefined);

export function isUniqueViolation(error: unknown): boolean {
  const driver = driverCode(error);
  return driver?.code === 'ER_DUP_ENTRY' || /UNIQUE constraint failed/.test(String((error as Error)?.message));
}

export function isDeadlock(error: unknown): boolean {
  const driver = driverCode(error);
  return driver?.code === 'ER_LOCK_DEADLOCK' || driver?.code === 'ER_LOCK_WAIT_TIMEOUT';
}

/** Runs a whole unit of work again when the database chose it as a deadlock victim (a few times, with jitter). */
export async function withDeadlockRetry<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isDeadlock(error) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/**
 * An idempotent unit of work keyed in the database (a unique key per caller and idempotency key): the stored
 * result when the key was seen before; otherwise `apply` (retried as a whole on deadlock); and when a concurrent
 * request with the same key won the race (the unique key refused ours), the winner's result.
 */
export async function applyOnce<T>(existing: () => Promise<T | undefined>, apply: () => Promise<T>): Promise<T> {
  const previous = await existing();
  if (previous !== undefined) return previous;
  try {
    return await withDeadlockRetry(apply);
  } catch (error) {
    if (isUniqueViolation(error)) {
      const winner = await existing();
      if (winner !== undefined) return winner;
    }
    throw error;
  }
}
