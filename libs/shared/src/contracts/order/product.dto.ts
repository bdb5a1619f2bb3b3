import { z } from 'zod';
import { pageQuery, type Page } from '../map/station.dto.js';

export const PRODUCT_CATEGORIES = ['fuel_additive', 'car_supplies', 'convenience'] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];

export interface Product {
  id: number;
  sku: string;
  name: string;
  category: ProductCategory;
  /** Regular price in fen. */
  priceFen: number;
  description: string;
  imageUrl: string;
  /** Units that can be ordered at the requested station (on hand − reserved), when a station was given. */
  stock?: number;
}

export const productListQuery = z
  .object({
    category: z.enum(PRODUCT_CATEGORIES).optional(),
    stationId: z.coerce.number().int().positive().optional(),
    ...pageQuery,
  })
  .strict();

export type ProductPage = Page<Product>;
