import type { ServiceDefinition } from '@fuel/shared';
import { Products1764100000000 } from './infra/database/migrations/1764100000000-products.js';
import { ProductEntity, StationStockEntity, StockMovementEntity } from './modules/products/product.entity.js';
import { ProductRepository } from './modules/products/product.repository.js';
import { ProductRpcController } from './modules/products/product.rpc-controller.js';
import { seedDemoProducts } from './modules/products/product.seed.js';
import { ProductService } from './modules/products/product.service.js';

/** The order service: mall catalogue, per-station stock, and (later) mall and fuel orders. */
export const orderService: ServiceDefinition = {
  name: 'order',
  entities: [ProductEntity, StationStockEntity, StockMovementEntity],
  migrations: [Products1764100000000],
  controllers: [ProductRpcController],
  providers: [ProductRepository, ProductService],
  seedDemo: seedDemoProducts,
};
