/**
 * Hot data (cache entries, short-lived codes, locks) and pub/sub: Redis when REDIS_URL is set, an
 * in-process store otherwise (the embedded default; fine for one instance of each service).
 * Keys and channels are prefixed here, once.
 */
import { Redis } from 'ioredis';

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
  close(): Promise<void>;
}

export class RedisHotStore implements HotStore {
  readonly kind = 'redis' as const;
  readonly redis: Redis;
  private subscriber?: Redis;
  private readonly handlers = new Map<string, Set<(message: string) => void>>();

  constructor(
    url: string,
    readonly prefix: string,
  ) {
    // Fail fast instead of queueing commands forever while Redis is away. Auto-pipelining sends the commands
    // of one event-loop turn (many concurrent requests) in one write.
    this.redis = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false, enableAutoPipelining: true });
  }

  async get(key: string) {
    return this.redis.get(this.prefix + key);
  }
  async getMany(keys: string[]) {
    return keys.length ? this.redis.mget(keys.map((k) => this.prefix + k)) : [];
  }
  async set(key: string, value: string, ttlSeconds?: number) {
    if (ttlSeconds) await this.redis.set(this.prefix + key, value, 'EX', ttlSeconds);
    else await this.redis.set(this.prefix + key, value);
  }
  async setIfAbsent(key: string, value: string, ttlSeconds: number) {
    return (await this.redis.set(this.prefix + key, value, 'EX', ttlSeconds, 'NX')) === 'OK';
  }
  async del(...keys: string[]) {
    if (keys.length) await this.redis.del(...keys.map((k) => this.prefix + k));
  }
  async delIfEquals(key: string, value: string) {
    const deleted = await this.redis.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", 1, this.prefix + key, value);
    return deleted === 1;
  }
  async increment(key: string, windowSeconds: number) {
    const [[, value]] = (await this.redis
      .multi()
      .incr(this.prefix + key)
      .expire(this.prefix + key, windowSeconds, 'NX')
      .exec()) as [[unknown, number], [unknown, number]];
    return value;
  }
  async publish(channel: string, message: string) {
    await this.redis.publish(this.prefix + channel, message);
  }
  async subscribe(channel: string, handler: (message: string) => void) {
    const full = this.prefix + channel;
    if (!this.subscriber) {
      this.subscriber = this.redis.duplicate();
      this.subscriber.on('message', (ch: string, message: string) => this.handlers.get(ch)?.forEach((h) => h(message)));
    }
    let set = this.handlers.get(full);
    if (!set) {
      set = new Set();
      this.handlers.set(full, set);
      await this.subscriber.subscribe(full);
    }
    set.add(handler);
    return async () => {
      set.delete(handler);
      if (set.size === 0) {
        this.handlers.delete(full);
        await this.subscriber?.unsubscribe(full);
      }
    };
  }
  async ping() {
    await this.redis.ping();
  }
  async close() {
    this.subscriber?.disconnect();
    this.redis.disconnect();
  }
}

export class MemoryHotStore implements HotStore {
  readonly kind = 'memory' as const;
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
  async close() {
    this.values.clear();
    this.handlers.clear();
  }
}

export function createHotStore(env: { REDIS_URL?: string; REDIS_PREFIX: string }): HotStore {
  return env.REDIS_URL ? new RedisHotStore(env.REDIS_URL, env.REDIS_PREFIX) : new MemoryHotStore();
}
