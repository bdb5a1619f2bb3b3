import { MAP_WS_SERVICE, Outbox1765000000000, OUTBOX_ENTITIES, type ServiceDefinition } from '@fuel/shared';
import { mapEnvSchema, type MapEnv } from './config/map-env.js';
import { LiveRpcController } from './modules/live/live.rpc-controller.js';
import { PriceChannel } from './modules/live/price-channel.js';
import { LivePriceSource } from './modules/live/price-channel.source.js';
import { BaiduGeocoder, Geocoder } from './infra/adapters/baidu/geocoder.js';
import { StationAdminRpcController } from './modules/admin/station-admin.rpc-controller.js';
import { StationAdminService } from './modules/admin/station-admin.service.js';
import { PriceHistory1764200000000 } from './infra/database/migrations/1764200000000-price-history.js';
import { PumpLayout1764300000000 } from './infra/database/migrations/1764300000000-pump-layout.js';
import { Stations1764100000000 } from './infra/database/migrations/1764100000000-stations.js';
import { PriceRpcController } from './modules/prices/price.rpc-controller.js';
import { PriceAnnouncements } from './modules/prices/price-announcements.js';
import { PriceService } from './modules/prices/price.service.js';
import { PriceChangeEntity, RegionEntity, StationEntity, StationPriceEntity } from './modules/stations/station.entity.js';
import { StationRepository } from './modules/stations/station.repository.js';
import { StationRpcController } from './modules/stations/station.rpc-controller.js';
import { seedDemoStations } from './modules/stations/station.seed.js';
import { StationService } from './modules/stations/station.service.js';
import { StationSummaryCache } from './modules/stations/station-summary.cache.js';
import { NearbyService } from './modules/nearby/nearby.service.js';

/** The map service: stations, regions and live fuel prices. */
export const mapService: ServiceDefinition = {
  name: 'map',
  env: mapEnvSchema,
  entities: [RegionEntity, StationEntity, StationPriceEntity, PriceChangeEntity, ...OUTBOX_ENTITIES],
  migrations: [Stations1764100000000, PriceHistory1764200000000, PumpLayout1764300000000, Outbox1765000000000],
  controllers: [StationRpcController, PriceRpcController, StationAdminRpcController, LiveRpcController],
  providers: [
    StationRepository,
    StationService,
    StationSummaryCache,
    PriceService,
    PriceAnnouncements,
    NearbyService,
    LivePriceSource,
    PriceChannel,
    StationAdminService,
    { provide: Geocoder, useClass: BaiduGeocoder },
  ],
  extraEndpoints: (env) => [{ service: MAP_WS_SERVICE, port: (env as unknown as MapEnv).WS_PORT }],
  seedDemo: seedDemoStations,
};
