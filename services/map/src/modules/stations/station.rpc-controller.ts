import { Controller } from '@nestjs/common';
import { mapContracts, Rpc, RpcBody, type RpcPayloadOf } from '@fuel/shared';
import { NearbyService } from '../nearby/nearby.service.js';
import { StationSummaryCache } from './station-summary.cache.js';
import { StationService } from './station.service.js';

@Controller()
export class StationRpcController {
  constructor(
    private readonly stations: StationService,
    private readonly nearbyService: NearbyService,
    private readonly summaryCache: StationSummaryCache,
  ) {}

  @Rpc(mapContracts.listRegions)
  regions() {
    return this.stations.regions();
  }

  @Rpc(mapContracts.listStations)
  list(@RpcBody(mapContracts.listStations) query: RpcPayloadOf<typeof mapContracts.listStations>) {
    return this.stations.list(query);
  }

  @Rpc(mapContracts.nearbyStations)
  nearby(@RpcBody(mapContracts.nearbyStations) query: RpcPayloadOf<typeof mapContracts.nearbyStations>) {
    return this.nearbyService.nearby(query);
  }

  @Rpc(mapContracts.stationSummaries)
  async summaries(@RpcBody(mapContracts.stationSummaries) { ids }: RpcPayloadOf<typeof mapContracts.stationSummaries>) {
    return [...(await this.summaryCache.many(ids)).values()];
  }

  @Rpc(mapContracts.getStation)
  detail(@RpcBody(mapContracts.getStation) { id, appliesTo }: RpcPayloadOf<typeof mapContracts.getStation>) {
    return this.stations.detail(id, appliesTo);
  }
}
