import { Injectable } from '@nestjs/common';
import type { Product, ProductCategory, ProductPage } from '@fuel/shared';
import { CatalogueService } from './catalogue.service.js';

/** The catalogue by category and page, with what the station can sell now: both from the hot store. */
@Injectable()
export class ProductService {
  constructor(private readonly catalogue: CatalogueService) {}

  async list(query: { category?: ProductCategory; stationId?: number; page: number; pageSize: number }): Promise<ProductPage> {
    const all = (await this.catalogue.products()).filter((p) => !query.category || p.category === query.category);
    const rows = all.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
    const stock = query.stationId === undefined ? undefined : (await this.catalogue.availability(query.stationId)).available;
    const items: Product[] = rows.map((p) => (stock ? { ...p, stock: stock[p.id] ?? 0 } : p));
    return { items, total: all.length, page: query.page, pageSize: query.pageSize };
  }
}
