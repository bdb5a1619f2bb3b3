import { Controller } from '@nestjs/common';
import { mapContracts, Rpc, RpcBody, type RpcPayloadOf } from '@fuel/shared';
import { StationService } from './station.service.js';

@Controller()
export class StationRpcController {
  constructor(private readonly stations: StationService) {}

  @Rpc(mapContracts.listRegions)
  regions() {
    return this.stations.regions();
  }

  @Rpc(mapContracts.listStations)
  list(@RpcBody(mapContracts.listStations) query: RpcPayloadOf<typeof mapContracts.listStations>) {
    return this.stations.list(query);
  }

  @Rpc(mapContracts.getStation)
  detail(@RpcBody(mapContracts.getStation) { id }: RpcPayloadOf<typeof mapContracts.getStation>) {
    return this.stations.detail(id);
  }
}
