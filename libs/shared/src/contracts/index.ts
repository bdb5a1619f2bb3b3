export * from './health.js';
export * from './map/station.dto.js';
export * from './map/patterns.js';
export * from './order/product.dto.js';
export * from './order/patterns.js';
export * from './map/price.dto.js';
export * from './map/nearby.dto.js';
export * from './map/station-admin.dto.js';
