/**
 * Refuses an RPC envelope seen before: its nonce is remembered for twice the signature window (after that the
 * time check refuses it anyway). This process remembers every envelope it accepted; for a pattern that changes
 * something, Redis is asked too, so a replay sent to another instance of the service is refused as well. Reads
 * are not worth a Redis round trip (replaying one shows nothing new), and while Redis is away the process's own
 * memory still refuses replays sent to it: a Redis outage must not stop the calls that sell.
 */
import type { HotStore } from '../hot/hot-store.js';
import { RPC_SIGNATURE_MAX_SKEW_MS } from './envelope-signature.js';

const REMEMBER_MS = 2 * RPC_SIGNATURE_MAX_SKEW_MS;

export class ReplayGuard {
  /** `caller:nonce` → when it may be forgotten; insertion order is expiry order, so the oldest are in front. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly hotStore?: HotStore) {}

  /** True the first time an envelope is seen; `shared` asks the other instances too (through Redis). */
  async firstSighting(caller: string, nonce: string, now: number, shared: boolean): Promise<boolean> {
    this.forgetBefore(now);
    const key = `${caller}:${nonce}`;
    if (this.seen.has(key)) return false;
    this.seen.set(key, now + REMEMBER_MS);
    if (!shared || this.hotStore?.kind !== 'redis' || !this.hotStore.reachable) return true;
    return this.hotStore.setIfAbsent(`rpc-nonce:${key}`, '1', REMEMBER_MS / 1000).catch(() => true);
  }

  private forgetBefore(now: number): void {
    for (const [key, expires] of this.seen) {
      if (expires > now) return;
      this.seen.delete(key);
    }
  }
}
