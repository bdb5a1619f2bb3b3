/** Route areas of the gateway; each domain issue adds its controllers here. */
import type { Provider, Type } from '@nestjs/common';
import { BackofficeInventoryController } from './backoffice/backoffice-inventory.controller.js';
import { BackofficePricesController } from './backoffice/backoffice-prices.controller.js';
import { AddressesController } from './members/addresses.controller.js';
import { CouponsController } from './members/coupons.controller.js';
import { MembersController } from './members/members.controller.js';
import { PaymentsController } from './payments/payments.controller.js';
import { ProviderNotificationsController } from './payments/provider-notifications.controller.js';
import { LogisticsCallbackController } from './logistics/logistics-callback.controller.js';
import { OrdersController } from './orders/orders.controller.js';
import { CatalogueEdge } from './products/catalogue-edge.js';
import { ProductsController } from './products/products.controller.js';
import { StaffAdminController } from './staff/staff-admin.controller.js';
import { StaffAuthController } from './staff/staff-auth.controller.js';
import { StaffStationController } from './staff/staff-station.controller.js';
import { StationAdminController } from './stations/station-admin.controller.js';
import { StationsController } from './stations/stations.controller.js';
import { StationsEdge } from './stations/stations-edge.js';

export function gatewayModules(): { controllers: Type[]; providers: Provider[] } {
  return { controllers: [StationsController, ProductsController, StaffAuthController, StaffStationController, StaffAdminController, BackofficePricesController, BackofficeInventoryController, StationAdminController, MembersController, CouponsController, AddressesController, PaymentsController, ProviderNotificationsController, OrdersController, LogisticsCallbackController], providers: [StationsEdge, CatalogueEdge] };
}
