import { Controller } from '@nestjs/common';
import { mapContracts, Rpc, RpcBody, type RpcPayloadOf } from '@fuel/shared';
import { LivePriceSource } from './price-channel.source.js';

/** The live channel's source for the gateway, which holds the public /ws/prices sockets. */
@Controller()
export class LiveRpcController {
  constructor(private readonly source: LivePriceSource) {}

  @Rpc(mapContracts.resolveSubscription)
  resolve(@RpcBody(mapContracts.resolveSubscription) input: RpcPayloadOf<typeof mapContracts.resolveSubscription>) {
    return this.source.resolve(input);
  }

  @Rpc(mapContracts.catchUp)
  catchUp(@RpcBody(mapContracts.catchUp) input: RpcPayloadOf<typeof mapContracts.catchUp>) {
    return this.source.catchUp(input.stations);
  }
}
