import { Controller } from '@nestjs/common';
import { orderContracts, Rpc, RpcBody, type RpcPayloadOf } from '@fuel/shared';
import { ProductService } from './product.service.js';

@Controller()
export class ProductRpcController {
  constructor(private readonly products: ProductService) {}

  @Rpc(orderContracts.listProducts)
  list(@RpcBody(orderContracts.listProducts) query: RpcPayloadOf<typeof orderContracts.listProducts>) {
    return this.products.list(query);
  }
}
