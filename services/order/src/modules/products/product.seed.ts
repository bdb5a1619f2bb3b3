import { fen, type ServiceContext } from '@fuel/shared';
import { ProductEntity, StationStockEntity, StockMovementEntity } from './product.entity.js';

/** Loads the demo catalogue and per-station stock once, with an "initial" movement for every stock row. */
export async function seedDemoProducts({ dataSource, logger }: ServiceContext): Promise<void> {
  const { DEMO_PRODUCTS, demoStations, demoStock } = await import('@fuel/devkit/demo');
  await dataSource.transaction(async (manager) => {
    if ((await manager.count(ProductEntity)) > 0) return;
    await manager.insert(
      ProductEntity,
      DEMO_PRODUCTS.map((p) => ({ ...p, variantGroup: p.variantGroup ?? null, variantLabel: p.variantLabel ?? null, priceFen: fen(p.priceFen), imageUrl: `/static/products/${p.sku.toLowerCase()}.png`, status: 'on_sale' as const })),
    );
    for (const station of demoStations()) {
      const rows = DEMO_PRODUCTS.map((p) => ({ stationId: station.id, productId: p.id, quantity: demoStock(station.id, p.id) }));
      await manager.insert(StationStockEntity, rows);
      await manager.insert(
        StockMovementEntity,
        rows.map((r) => ({ ...r, delta: r.quantity, quantityAfter: r.quantity, reason: 'initial', reference: 'demo-seed' })),
      );
    }
    logger.info({ products: DEMO_PRODUCTS.length }, 'demo products and stock loaded');
  });
}
