/**
 * Hot data (cache entries, short-lived codes, locks) and pub/sub: Redis when REDIS_URL is set, an
 * in-process store otherwise (the embedded default; fine for one instance of each service).
 * Keys and channels are prefixed here, once.
 *
 * While Redis is away every call fails at once with `HotStoreUnavailable` (a SERVICE_UNAVAILABLE DomainError, so a
 * client that needed Redis gets a clear 503), instead of waiting in a queue: caches catch it and read the
 * database, and whatever needs Redis to be right (sessions, codes, idempotency) refuses. When it is back,
 * `onReconnect` handlers rebuild what a restart emptied (the GEO index) and drop what missed announcements.
 */
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { DomainError, ErrorCode } from '../errors/domain-error.js';

export class HotStoreUnavailable extends DomainError {
  constructor(cause?: unknown) {
    super(ErrorCode.SERVICE_UNAVAILABLE, '服务暂时不可用，请稍后再试', { dependency: 'redis' });
    this.cause = cause;
  }
}

/** Runs `read` against the hot store, or `fallback` when the hot store is away. */
export async function unlessHotStoreDown<T>(read: () => Promise<T>, fallback: () => T | Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof HotStoreUnavailable) return fallback();
    throw error;
  }
}

export interface HotStore {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<string | null>;
  /** Several keys in one round trip. */
  getMany(keys: string[]): Promise<Array<string | null>>;
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  /** SET NX: true when this call created the key (used for once-only jobs and locks). */
  setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean>;
  del(...keys: string[]): Promise<void>;
  /** Deletes the key only while it holds `value` (a lock's owner releasing it), as one atomic step. */
  delIfEquals(key: string, value: string): Promise<boolean>;
  /** Atomically adds one and returns the new value; the window (TTL) starts with the first increment. */
  increment(key: string, windowSeconds: number): Promise<number>;
  publish(channel: string, message: string): Promise<void>;
  /** Returns an unsubscribe function. */
  subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>>;
  ping(): Promise<void>;
  /** False while Redis is known to be away (calls would fail at once). */
  readonly reachable: boolean;
  /** Called each time the store is reachable again after being away (never for the in-process store). */
  onReconnect(handler: () => void): void;
  close(): Promise<void>;
}

export class RedisHotStore implements HotStore {
  readonly kind = 'redis' as const;
  readonly redis: Redis;
  private subscriber?: Redis;
  private readonly handlers = new Map<string, Set<(message: string) => void>>();

  private readonly reconnectHandlers: Array<() => void> = [];
  /** Reachable now; and whether it ever was (before the first connection, commands wait for it). */
  private up = false;
  private everUp = false;
  /** Away since it was last up; the reconnect handlers are due. */
  private returning = false;

  constructor(
    url: string,
    readonly prefix: string,
    /** For `rediss://`: the CA to verify the server with (PEM). */
    tlsCa?: string,
  ) {
    // Auto-pipelining sends the commands of one event-loop turn (many concurrent requests) in one write. Reconnects
    // are tried every 0.2–1 s, so that a returning Redis is used again within a second.
    // A Redis that hangs (frozen, cut off) rather than closing: a command fails after 2 s instead of waiting.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: true, lazyConnect: false, enableAutoPipelining: true, commandTimeout: 2000, retryStrategy: (times) => Math.min(times * 200, 1000), ...(tlsCa ? { tls: { ca: tlsCa, minVersion: 'TLSv1.2' as const } } : {}) });
    this.redis.on('ready', () => {
      this.up = this.everUp = true;
      this.maybeReconnected();
    });
    this.redis.on('close', () => {
      if (this.everUp) this.returning = true;
      this.up = false;
    });
    // Errors reach the callers as HotStoreUnavailable; the connection's own are only the reconnect attempts.
    this.redis.on('error', () => undefined);
  }

  get reachable(): boolean {
    return !this.everUp || this.up;
  }

  /** Fails at once while Redis is known to be away, and turns a failed command into HotStoreUnavailable. */
  async call<T>(command: () => Promise<T>): Promise<T> {
    if (!this.reachable) throw new HotStoreUnavailable();
    try {
      return await command();
    } catch (error) {
      throw new HotStoreUnavailable(error);
    }
  }

  onReconnect(handler: () => void): void {
    this.reconnectHandlers.push(handler);
  }

  /**
   * After an outage, once both connections are back (the subscriber has subscribed again): announcements from
   * then on arrive, so what the handlers drop is not outdated again by one that was missed.
   */
  private maybeReconnected(): void {
    if (!this.returning || !this.up || (this.subscriber && this.subscriber.status !== 'ready')) return;
    this.returning = false;
    for (const handler of this.reconnectHandlers) handler();
  }

  get(key: string) {
    return this.call(() => this.redis.get(this.prefix + key));
  }
  getMany(keys: string[]) {
    return keys.length ? this.call(() => this.redis.mget(keys.map((k) => this.prefix + k))) : Promise.resolve([]);
  }
  async set(key: string, value: string, ttlSeconds?: number) {
    await this.call(() => (ttlSeconds ? this.redis.set(this.prefix + key, value, 'EX', ttlSeconds) : this.redis.set(this.prefix + key, value)));
  }
  async setIfAbsent(key: string, value: string, ttlSeconds: number) {
    return (await this.call(() => this.redis.set(this.prefix + key, value, 'EX', ttlSeconds, 'NX'))) === 'OK';
  }
  async del(...keys: string[]) {
    if (keys.length) await this.call(() => this.redis.del(...keys.map((k) => this.prefix + k)));
  }
  async delIfEquals(key: string, value: string) {
    const deleted = await this.call(() => this.redis.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", 1, this.prefix + key, value));
    return deleted === 1;
  }
  async increment(key: string, windowSeconds: number) {
    const [[, value]] = (await this.call(() => this.redis.multi().incr(this.prefix + key).expire(this.prefix + key, windowSeconds, 'NX').exec())) as [[unknown, number], [unknown, number]];
    return value;
  }
  async publish(channel: string, message: string) {
    await this.call(() => this.redis.publish(this.prefix + channel, message));
  }
  /** Subscriptions outlive an outage: the subscriber connection subscribes again when Redis is back. */
  async subscribe(channel: string, handler: (message: string) => void) {
    const full = this.prefix + channel;
    if (!this.subscriber) {
      this.subscriber = this.redis.duplicate({ commandTimeout: undefined });
      this.subscriber.on('error', () => undefined);
      // Its subscriptions are sent again right after 'ready'; a PING answered after them means they are in place.
      this.subscriber.on('ready', () => void this.subscriber?.ping().then(() => this.maybeReconnected(), () => undefined));
      this.subscriber.on('message', (ch: string, message: string) => this.handlers.get(ch)?.forEach((h) => h(message)));
    }
    let set = this.handlers.get(full);
    if (!set) {
      set = new Set();
      this.handlers.set(full, set);
      try {
        await this.call(() => this.subscriber!.subscribe(full));
      } catch (error) {
        this.handlers.delete(full);
        throw error;
      }
    }
    set.add(handler);
    return async () => {
      set.delete(handler);
      if (set.size === 0) {
        this.handlers.delete(full);
        await this.subscriber?.unsubscribe(full).catch(() => undefined);
      }
    };
  }
  async ping() {
    await this.call(() => this.redis.ping());
  }
  async close() {
    this.subscriber?.disconnect();
    this.redis.disconnect();
  }
}

export class MemoryHotStore implements HotStore {
  readonly kind = 'memory' as const;
  readonly reachable = true;
  private readonly values = new Map<string, { value: string; expiresAt?: number }>();
  private readonly handlers = new Map<string, Set<(message: string) => void>>();

  constructor(private readonly now: () => number = Date.now) {}

  // Reads and writes are synchronous inside each method, so check-then-set cannot interleave (as in Redis).
  private live(key: string) {
    const entry = this.values.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.values.delete(key);
      return undefined;
    }
    return entry;
  }
  async get(key: string) {
    return this.live(key)?.value ?? null;
  }
  async getMany(keys: string[]) {
    return keys.map((key) => this.live(key)?.value ?? null);
  }
  async set(key: string, value: string, ttlSeconds?: number) {
    this.values.set(key, { value, expiresAt: ttlSeconds ? this.now() + ttlSeconds * 1000 : undefined });
  }
  async setIfAbsent(key: string, value: string, ttlSeconds: number) {
    if (this.live(key)) return false;
    this.values.set(key, { value, expiresAt: this.now() + ttlSeconds * 1000 });
    return true;
  }
  async del(...keys: string[]) {
    for (const key of keys) this.values.delete(key);
  }
  async delIfEquals(key: string, value: string) {
    if (this.live(key)?.value !== value) return false;
    this.values.delete(key);
    return true;
  }
  async increment(key: string, windowSeconds: number) {
    const entry = this.live(key);
    const value = Number(entry?.value ?? 0) + 1;
    this.values.set(key, { value: String(value), expiresAt: entry?.expiresAt ?? this.now() + windowSeconds * 1000 });
    return value;
  }
  async publish(channel: string, message: string) {
    // Deliver asynchronously, as Redis would.
    const handlers = [...(this.handlers.get(channel) ?? [])];
    queueMicrotask(() => handlers.forEach((h) => h(message)));
  }
  async subscribe(channel: string, handler: (message: string) => void) {
    const set = this.handlers.get(channel) ?? new Set();
    this.handlers.set(channel, set);
    set.add(handler);
    return async () => {
      set.delete(handler);
    };
  }
  async ping() {}
  onReconnect(): void {}
  async close() {
    this.values.clear();
    this.handlers.clear();
  }
}

/** `rediss://` URLs speak TLS (ioredis), verified against REDIS_TLS_CA_FILE when given. */
export function createHotStore(env: { REDIS_URL?: string; REDIS_PREFIX: string; REDIS_TLS_CA_FILE?: string }): HotStore {
  return env.REDIS_URL ? new RedisHotStore(env.REDIS_URL, env.REDIS_PREFIX, env.REDIS_TLS_CA_FILE && readFileSync(env.REDIS_TLS_CA_FILE, 'utf8')) : new MemoryHotStore();
}
