import { Controller } from '@nestjs/common';
import { orderContracts, Rpc, RpcBody, type RpcPayloadOf } from '@fuel/shared';
import { CatalogueService } from './catalogue.service.js';
import { InventoryService } from './inventory.service.js';
import { ProductService } from './product.service.js';

@Controller()
export class ProductRpcController {
  constructor(
    private readonly products: ProductService,
    private readonly inventory: InventoryService,
    private readonly catalogue: CatalogueService,
  ) {}

  @Rpc(orderContracts.listProducts)
  list(@RpcBody(orderContracts.listProducts) query: RpcPayloadOf<typeof orderContracts.listProducts>) {
    return this.products.list(query);
  }

  @Rpc(orderContracts.catalogue)
  all() {
    return this.catalogue.products();
  }

  @Rpc(orderContracts.hot)
  hot(@RpcBody(orderContracts.hot) { stationId }: RpcPayloadOf<typeof orderContracts.hot>) {
    return this.catalogue.bestSellers(stationId);
  }

  @Rpc(orderContracts.availability)
  availability(@RpcBody(orderContracts.availability) { stationId }: RpcPayloadOf<typeof orderContracts.availability>) {
    return this.catalogue.availability(stationId);
  }

  /** Public by nature (a station's till calls the gateway's back-office route): trust comes from the station token. */
  @Rpc(orderContracts.syncInventory)
  sync(@RpcBody(orderContracts.syncInventory) request: RpcPayloadOf<typeof orderContracts.syncInventory>) {
    return this.inventory.sync(request);
  }
}
