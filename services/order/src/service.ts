import { StationDirectory } from './modules/stations/station-directory.js';
import { StaffRpcController } from './modules/staff/staff.rpc-controller.js';
import { RedemptionService } from './modules/staff/redemption.service.js';
import { StationStatsService } from './modules/staff/station-stats.service.js';
import { Outbox1765000000000, OUTBOX_ENTITIES, type ServiceDefinition } from '@fuel/shared';
import { orderEnvSchema } from './config/order-env.js';
import { Products1764100000000 } from './infra/database/migrations/1764100000000-products.js';
import { Orders1765300000000 } from './infra/database/migrations/1765300000000-orders.js';
import { MallOrders1765400000000 } from './infra/database/migrations/1765400000000-mall-orders.js';
import { InventorySync1765500000000 } from './infra/database/migrations/1765500000000-inventory-sync.js';
import { Express1765700000000 } from './infra/database/migrations/1765700000000-express.js';
import { Variants1765800000000 } from './infra/database/migrations/1765800000000-variants.js';
import { OrderRequestKeys1766300000000 } from './infra/database/migrations/1766300000000-order-request-keys.js';
import { RedemptionRequestKeys1766400000000 } from './infra/database/migrations/1766400000000-redemption-request-keys.js';
import { kuaidi100Provider } from './infra/adapters/logistics/kuaidi100.provider.js';
import { FuelOrderService } from './modules/fuel/fuel-order.service.js';
import { MallFulfilment } from './modules/mall/mall-fulfilment.js';
import { MallOrderService } from './modules/mall/mall-order.service.js';
import { OrderEvents } from './modules/orders/order-events.js';
import { OrderJobs } from './modules/orders/order-jobs.js';
import { ORDER_ENTITIES } from './modules/orders/order.entity.js';
import { OrderRpcController } from './modules/orders/order.rpc-controller.js';
import { OrderService } from './modules/orders/order.service.js';
import { ProductEntity, StationStockEntity, StockMovementEntity } from './modules/products/product.entity.js';
import { CatalogueService } from './modules/products/catalogue.service.js';
import { ProductRpcController } from './modules/products/product.rpc-controller.js';
import { InventoryService } from './modules/products/inventory.service.js';
import { seedDemoProducts } from './modules/products/product.seed.js';
import { ProductService } from './modules/products/product.service.js';

/** The order service: mall catalogue and per-station stock, mall orders for pickup, fuel orders at the pump (一键加油), and orders' lives. */
export const orderService: ServiceDefinition = {
  name: 'order',
  env: orderEnvSchema,
  entities: [ProductEntity, StationStockEntity, StockMovementEntity, ...ORDER_ENTITIES, ...OUTBOX_ENTITIES],
  migrations: [Products1764100000000, Outbox1765000000000, Orders1765300000000, MallOrders1765400000000, InventorySync1765500000000, Express1765700000000, Variants1765800000000, OrderRequestKeys1766300000000, RedemptionRequestKeys1766400000000],
  controllers: [ProductRpcController, OrderRpcController, StaffRpcController],
  providers: [StationDirectory, CatalogueService, ProductService, InventoryService, OrderService, OrderEvents, OrderJobs, FuelOrderService, MallFulfilment, MallOrderService, kuaidi100Provider, RedemptionService, StationStatsService],
  seedDemo: seedDemoProducts,
};
