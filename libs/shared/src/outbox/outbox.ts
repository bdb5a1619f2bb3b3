/**
 * Transactional outbox. A change and the event that announces it commit together (`addOutboxEvent` inside the
 * change's transaction); the relay publishes events after commit, at least once, in order per aggregate, retrying
 * a failed publication with backoff while later events of the same aggregate wait. A crash between commit and
 * publication loses nothing: the relay of the restarted (or any other) instance finds the event still pending.
 * Consumers drop duplicates by event id (`firstDelivery`).
 */
import { randomUUID } from 'node:crypto';
import { In, IsNull, LessThan, LessThanOrEqual, type DataSource, type EntityManager } from 'typeorm';
import { isUniqueViolation } from '../database/errors.js';
import { failpoint } from '../nest/failpoint.js';
import { exclusiveLock, type ExclusiveLock } from '../nest/exclusive-lock.js';
import { hourly } from '../time/hourly.js';
import { onPrimary } from '../database/data-source.js';
import type { HotStore } from '../hot/hot-store.js';
import type { Logger } from '../logging/logger.js';
import { OutboxEventEntity, ProcessedEventEntity } from './outbox.entity.js';
import { realTime } from '../time/clock.js';
import { gaugeOnScrape } from '../metrics/metrics.js';

export interface OutboxEvent<T = unknown> {
  eventId: string;
  topic: string;
  aggregateId: string;
  payload: T;
  createdAt: Date;
}

/** Writes an event in the caller's transaction: it exists exactly when the change it announces commits. */
export async function addOutboxEvent<T>(manager: EntityManager, event: { topic: string; aggregateId: string | number; payload: T }, now = realTime.now()): Promise<string> {
  return (await addOutboxEvents(manager, [event], now))[0];
}

/** Several events of one change in one statement (their ids, so their order per aggregate, follow the list). */
export async function addOutboxEvents(manager: EntityManager, events: Array<{ topic: string; aggregateId: string | number; payload: unknown }>, now = realTime.now()): Promise<string[]> {
  const rows = events.map((event) => ({ eventId: randomUUID(), topic: event.topic, aggregateId: String(event.aggregateId), payload: event.payload as object, createdAt: now, publishedAt: null, attempts: 0, nextAttemptAt: now, lastError: null }));
  // Every column given: TypeORM would otherwise read each row back for its defaults (a round trip per event).
  await manager.createQueryBuilder().insert().into(OutboxEventEntity).values(rows).updateEntity(false).execute();
  return rows.map((row) => row.eventId);
}

/**
 * For a consumer, inside the transaction that applies the event: true the first time an event id is seen, false
 * for a duplicate delivery (the caller then does nothing). The effect and the record commit together.
 */
export async function firstDelivery(manager: EntityManager, event: Pick<OutboxEvent, 'eventId' | 'topic'>, now = realTime.now()): Promise<boolean> {
  try {
    await manager.insert(ProcessedEventEntity, { eventId: event.eventId, topic: event.topic, processedAt: now });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export type OutboxHandler = (event: OutboxEvent) => Promise<void>;

export interface OutboxRelayOptions {
  service: string;
  dataSource: DataSource;
  /** The lock on the embedded database (on MariaDB the relay locks in the database: exclusive-lock.ts). */
  hotStore: HotStore;
  logger: Logger;
  /** How each topic is published. An event of a topic without a handler waits (and is logged). */
  handlers: Record<string, OutboxHandler>;
  pollMs?: number;
  batchSize?: number;
  /** How many aggregates are published side by side (each one's events stay in order). */
  concurrency?: number;
  backoff?: { initialMs: number; maxMs: number };
  /** Published events are deleted after this long. */
  keepPublishedMs?: number;
  now?: () => Date;
}

/** How long one pass may run: the hot-store lock lapses after this (a crash then holds the relay no longer). */
const LOCK_TTL_SECONDS = 10;

export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private queued?: Promise<number>;
  /** Published events older than `keepPublishedMs` go, at most once an hour. */
  private readonly purge = hourly(() => this.purgePublished(), () => this.now());
  private readonly lock: ExclusiveLock;
  private readonly now: () => Date;

  constructor(private readonly options: OutboxRelayOptions) {
    this.lock = exclusiveLock({ name: `outbox:relay:${options.service}`, dataSource: options.dataSource, hotStore: options.hotStore, ttlSeconds: LOCK_TTL_SECONDS });
    this.now = options.now ?? (() => realTime.now());
    // What the alert rules watch: events waiting, and how long the oldest has waited. A scrape collects both gauges
    // at once: they share one read of the table.
    let reading: Promise<{ pending: number; oldestAgeSeconds: number }> | undefined;
    const read = () => (reading ??= this.backlog().finally(() => (reading = undefined)));
    gaugeOnScrape('fuel_outbox_backlog', 'Outbox events not yet published', async () => [{ value: (await read()).pending }]);
    gaugeOnScrape('fuel_outbox_oldest_age_seconds', 'Age of the oldest unpublished outbox event (0 when none)', async () => [{ value: (await read()).oldestAgeSeconds }]);
  }

  /** Events not yet published, and the age in seconds of the oldest (0 when none). */
  async backlog(): Promise<{ pending: number; oldestAgeSeconds: number }> {
    return onPrimary(this.options.dataSource, async (m) => {
      const pending = await m.count(OutboxEventEntity, { where: { publishedAt: IsNull() } });
      const oldest = pending ? await m.findOne(OutboxEventEntity, { where: { publishedAt: IsNull() }, order: { id: 'ASC' } }) : null;
      return { pending, oldestAgeSeconds: oldest ? Math.max(0, (this.now().getTime() - oldest.createdAt.getTime()) / 1000) : 0 };
    });
  }

  /** Polls for pending events (a crashed predecessor's, failed ones due again) until `stop`. */
  start(): void {
    this.timer ??= setInterval(() => void this.kick(), this.options.pollMs ?? 1000);
    this.timer.unref();
    void this.kick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    await this.lock.close();
  }

  /**
   * Publishes what is pending now (call it after a commit) and resolves once a run that started after this call has
   * finished, so the caller's event is out. Kicks during a run share the one run queued behind it.
   */
  kick(): Promise<number> {
    if (this.running) {
      this.queued ??= this.running.then(() => {
        this.queued = undefined;
        return this.kick();
      });
      return this.queued;
    }
    this.running = this.runOnce()
      .catch((error: unknown) => {
        this.options.logger.error({ err: error }, 'outbox relay run failed');
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** One pass over the pending events; returns how many were published. One instance of a service at a time. */
  async runOnce(): Promise<number> {
    const { dataSource } = this.options;
    if (!(await this.lock.acquire())) return 0;
    try {
      const now = this.now();
      // Only events that are due, so that events failing again and again (backing off) never fill the batch and
      // starve the rest; then, per aggregate, every pending id, so an event waits for the earlier ones of its own.
      const due = await onPrimary(dataSource, (m) => m.find(OutboxEventEntity, { where: { publishedAt: IsNull(), nextAttemptAt: LessThanOrEqual(now) }, order: { id: 'ASC' }, take: this.options.batchSize ?? 100 }));
      const earlier = await this.pendingIdsByAggregate([...new Set(due.map((row) => row.aggregateId))]);
      // Each aggregate's events in order, one after the other; different aggregates side by side (a few at a time),
      // so one slow consumer call does not hold up every other aggregate's events.
      const lanes = new Map<string, OutboxEventEntity[]>();
      for (const row of due) lanes.set(row.aggregateId, [...(lanes.get(row.aggregateId) ?? []), row]);
      // Delivered events are marked together at the end of the pass: one commit instead of one per event. A crash
      // before that delivers them again, which every consumer takes once (it keeps the event ids it applied).
      const delivered: number[] = [];
      const started = performance.now();
      const runLane = async (aggregate: string, rows: OutboxEventEntity[]) => {
        for (const row of rows) {
          // A hot-store lock is not renewed: stop well before it lapses, so no other instance runs the same rows meanwhile.
          if (performance.now() - started > (LOCK_TTL_SECONDS * 1000) / 2) return;
          // An earlier event of this aggregate is still pending (backing off, or beyond this batch): this one waits.
          if (earlier.get(aggregate)?.[0] !== row.id) return;
          if (!(await this.deliver(row, now))) return;
          earlier.get(aggregate)?.shift();
          delivered.push(row.id);
        }
      };
      const queue = [...lanes.entries()];
      await Promise.all(
        Array.from({ length: Math.min(this.options.concurrency ?? 8, queue.length) }, async () => {
          for (let lane = queue.shift(); lane; lane = queue.shift()) await runLane(lane[0], lane[1]);
        }),
      );
      if (delivered.length) {
        await dataSource
          .createQueryBuilder()
          .update(OutboxEventEntity)
          .set({ publishedAt: this.now(), attempts: () => 'attempts + 1', lastError: null })
          .where({ id: In(delivered) })
          .execute();
      }
      await this.purge();
      return delivered.length;
    } finally {
      await this.lock.release();
    }
  }

  /** Hands one event to its handler: true when it took it; otherwise the event is due again after a backoff. */
  private async deliver(row: OutboxEventEntity, now: Date): Promise<boolean> {
    const { dataSource, logger, handlers } = this.options;
    const handler = handlers[row.topic];
    try {
      if (!handler) throw new Error(`no handler for topic ${row.topic}`);
      await handler({ eventId: row.eventId, topic: row.topic, aggregateId: row.aggregateId, payload: row.payload, createdAt: row.createdAt });
      failpoint('outbox.after-handler'); // delivered, not yet marked: the next relay delivers it again
      return true;
    } catch (error) {
      const attempts = row.attempts + 1;
      const delay = Math.min((this.options.backoff?.initialMs ?? 500) * 2 ** (attempts - 1), this.options.backoff?.maxMs ?? 60_000);
      logger.warn({ eventId: row.eventId, topic: row.topic, attempts, retryInMs: delay, err: String(error) }, 'outbox publication failed');
      await dataSource.getRepository(OutboxEventEntity).update({ id: row.id }, { attempts, nextAttemptAt: new Date(now.getTime() + delay), lastError: String(error).slice(0, 255) });
      return false;
    }
  }

  /** The ids of every unpublished event of these aggregates, ascending. */
  private async pendingIdsByAggregate(aggregates: string[]): Promise<Map<string, number[]>> {
    const byAggregate = new Map<string, number[]>();
    if (!aggregates.length) return byAggregate;
    const rows = await onPrimary(this.options.dataSource, (m) => m.find(OutboxEventEntity, { select: { id: true, aggregateId: true }, where: { publishedAt: IsNull(), aggregateId: In(aggregates) }, order: { id: 'ASC' } }));
    for (const row of rows) byAggregate.set(row.aggregateId, [...(byAggregate.get(row.aggregateId) ?? []), row.id]);
    return byAggregate;
  }

  private async purgePublished(): Promise<void> {
    const before = new Date(this.now().getTime() - (this.options.keepPublishedMs ?? 7 * 86_400_000));
    await this.options.dataSource.getRepository(OutboxEventEntity).delete({ publishedAt: LessThan(before) });
  }
}

/**
 * A service's relay as a Nest provider: started with the module, stopped (its run finished) with it. A subclass
 * builds the relay with its handlers; `deliver()` after a commit that wrote events sends them now rather than at
 * the next poll.
 */
export abstract class OutboxRelayHost {
  protected abstract readonly relay: OutboxRelay;

  onModuleInit(): void {
    this.relay.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.relay.stop();
  }

  async deliver(): Promise<void> {
    await this.relay.kick();
  }
}
