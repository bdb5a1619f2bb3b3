import { z } from 'zod';
import { signedStationRequest } from '../map/price.dto.js';
import { pageQuery, type Page } from '../map/station.dto.js';

import { PRODUCT_CATEGORIES, type Product } from './order-vocabulary.js';

export { PRODUCT_CATEGORIES, type Product, type ProductCategory } from './order-vocabulary.js';

export const productListQuery = z
  .object({
    category: z.enum(PRODUCT_CATEGORIES).optional(),
    stationId: z.coerce.number().int().positive().optional(),
    ...pageQuery,
  })
  .strict();

export type ProductPage = Page<Product>;

/** Announced on `CATALOGUE_CHANNEL` after a change commits: the products, or these stations' stock, changed. */
export const CATALOGUE_CHANNEL = 'catalogue';
export interface CatalogueChange {
  products?: boolean;
  stationIds?: number[];
}

/** What can be ordered at a station now (on hand − reserved), by product id. */
export interface StationAvailability {
  stationId: number;
  available: Record<number, number>;
}

/**
 * A station's till reports what it counted: per product the units on hand, with a version that only grows (the
 * till's clock or counter), so a row older than what was applied is ignored; the whole batch again changes nothing.
 */
export const inventorySyncBody = z
  .object({
    syncId: z.string().regex(/^[A-Za-z0-9_-]{4,64}$/, '同步批次号为 4–64 位字母、数字或 _-'),
    rows: z
      .array(
        z
          .object({
            productId: z.number().int().positive(),
            quantity: z.number().int().min(0).max(1_000_000),
            version: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
            lowStockThreshold: z.number().int().min(0).max(100_000).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(500)
      .refine((rows) => new Set(rows.map((r) => r.productId)).size === rows.length, '同一商品在一批中只能出现一次'),
  })
  .strict();

export const inventorySync = inventorySyncBody.extend({ stationId: z.number().int().positive(), token: z.string().min(1).max(512), request: signedStationRequest });

export interface InventorySyncResult {
  stationId: number;
  syncId: string;
  applied: number;
  stale: number;
  rows: Array<{ productId: number; status: 'applied' | 'unchanged' | 'stale'; quantity: number; reserved: number; lowStock: boolean }>;
}
