/** Counts the requests a process is handling, so that a shutdown can let them finish before it closes. */
export class InFlight {
  private count = 0;
  private readonly waiters = new Set<() => void>();

  get size(): number {
    return this.count;
  }

  /** One more in flight; call the returned function when it is answered (more calls do nothing). */
  begin(): () => void {
    this.count++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.count--;
      if (this.count === 0) for (const wake of this.waiters) wake();
    };
  }

  /** True once nothing is in flight; false if `timeoutMs` passes first. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        resolve(false);
      }, timeoutMs);
      this.waiters.add(wake);
    });
  }
}
