import { Controller } from '@nestjs/common';
import { mapContracts, Rpc, RpcActor, RpcBody, RpcKeptKey, type Actor, type KeptKey, type RpcPayloadOf } from '@fuel/shared';
import { StationAdminService } from './station-admin.service.js';

@Controller()
export class StationAdminRpcController {
  constructor(private readonly admin: StationAdminService) {}

  @Rpc(mapContracts.createStation)
  create(@RpcActor() actor: Actor | undefined, @RpcBody(mapContracts.createStation) input: RpcPayloadOf<typeof mapContracts.createStation>, @RpcKeptKey(mapContracts.createStation) key: KeptKey | undefined) {
    return this.admin.create(actor, input, key);
  }

  @Rpc(mapContracts.updateStation)
  update(@RpcActor() actor: Actor | undefined, @RpcBody(mapContracts.updateStation) input: RpcPayloadOf<typeof mapContracts.updateStation>) {
    return this.admin.update(actor, input.id, input.changes);
  }
}
