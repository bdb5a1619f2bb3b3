import type { ServiceDefinition } from '@fuel/shared';
import { Stations1764100000000 } from './infra/database/migrations/1764100000000-stations.js';
import { RegionEntity, StationEntity, StationPriceEntity } from './modules/stations/station.entity.js';
import { StationRepository } from './modules/stations/station.repository.js';
import { StationRpcController } from './modules/stations/station.rpc-controller.js';
import { seedDemoStations } from './modules/stations/station.seed.js';
import { StationService } from './modules/stations/station.service.js';

/** The map service: stations, regions and live fuel prices. */
export const mapService: ServiceDefinition = {
  name: 'map',
  entities: [RegionEntity, StationEntity, StationPriceEntity],
  migrations: [Stations1764100000000],
  controllers: [StationRpcController],
  providers: [StationRepository, StationService],
  seedDemo: seedDemoStations,
};
