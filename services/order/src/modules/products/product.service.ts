import { Injectable } from '@nestjs/common';
import type { Product, ProductCategory, ProductPage } from '@fuel/shared';
import { ProductRepository } from './product.repository.js';

@Injectable()
export class ProductService {
  constructor(private readonly products: ProductRepository) {}

  async list(query: { category?: ProductCategory; stationId?: number; page: number; pageSize: number }): Promise<ProductPage> {
    const [rows, total] = await this.products.page({ category: query.category }, query.page, query.pageSize);
    const stock =
      query.stationId === undefined
        ? undefined
        : new Map((await this.products.stockAt(query.stationId, rows.map((p) => p.id))).map((s) => [s.productId, s.quantity - s.reserved]));
    const items: Product[] = rows.map((p) => ({
      id: p.id,
      sku: p.sku,
      name: p.name,
      category: p.category,
      priceFen: p.priceFen,
      description: p.description,
      imageUrl: p.imageUrl,
      ...(stock ? { stock: stock.get(p.id) ?? 0 } : {}),
    }));
    return { items, total, page: query.page, pageSize: query.pageSize };
  }
}
