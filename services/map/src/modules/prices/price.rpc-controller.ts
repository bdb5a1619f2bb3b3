import { Controller } from '@nestjs/common';
import { mapContracts, Rpc, RpcBody, type RpcPayloadOf } from '@fuel/shared';
import { PriceService } from './price.service.js';

@Controller()
export class PriceRpcController {
  constructor(private readonly prices: PriceService) {}

  @Rpc(mapContracts.changePricesByBackoffice)
  changeByBackoffice(@RpcBody(mapContracts.changePricesByBackoffice) input: RpcPayloadOf<typeof mapContracts.changePricesByBackoffice>) {
    return this.prices.changeByBackoffice(input);
  }
}
