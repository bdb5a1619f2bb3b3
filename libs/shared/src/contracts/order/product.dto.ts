import { z } from 'zod';
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
