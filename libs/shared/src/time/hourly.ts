/**
 * Housekeeping a periodic pass does at most once an hour (purging delivered events, forgetting old request keys):
 * the returned function runs `work` on its first call and then when an hour has passed on `now` since it last did.
 */
export function hourly(work: () => Promise<unknown>, now: () => Date): () => Promise<void> {
  let last = -Infinity;
  return async () => {
    if (now().getTime() - last < 3_600_000) return;
    last = now().getTime();
    await work();
  };
}
