/**
 * Price changes are announced through the outbox: the change and its announcement commit together, and the relay
 * publishes on the `prices` channel after commit (in order per station, retried with backoff), so a crash between
 * commit and publication loses no change: the relay finds it pending on restart.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { addOutboxEvent, HOT_STORE, LOGGER, OutboxRelay, OutboxRelayHost, PRICES_CHANNEL, type HotStore, type Logger, type StationPrices } from '@fuel/shared';

@Injectable()
export class PriceAnnouncements extends OutboxRelayHost {
  protected readonly relay: OutboxRelay;

  constructor(dataSource: DataSource, @Inject(HOT_STORE) hot: HotStore, @Inject(LOGGER) logger: Logger) {
    super();
    this.relay = new OutboxRelay({
      service: 'map',
      dataSource,
      hotStore: hot,
      logger,
      handlers: { [PRICES_CHANNEL]: (event) => hot.publish(PRICES_CHANNEL, JSON.stringify(event.payload)) },
      backoff: { initialMs: 200, maxMs: 30_000 },
    });
  }

  /** Inside the change's transaction. */
  record(manager: EntityManager, change: StationPrices): Promise<string> {
    return addOutboxEvent(manager, { topic: PRICES_CHANNEL, aggregateId: change.stationId, payload: change });
  }
}
