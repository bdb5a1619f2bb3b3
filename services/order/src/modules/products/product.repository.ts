import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { ProductCategory } from '@fuel/shared';
import { ProductEntity, StationStockEntity } from './product.entity.js';

@Injectable()
export class ProductRepository {
  constructor(private readonly dataSource: DataSource) {}

  page(filter: { category?: ProductCategory }, page: number, pageSize: number): Promise<[ProductEntity[], number]> {
    return this.dataSource.getRepository(ProductEntity).findAndCount({
      where: { status: 'on_sale', ...(filter.category ? { category: filter.category } : {}) },
      order: { id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
  }

  /** Display stock (may come from the replica); checkout re-reads on the primary under a lock. */
  stockAt(stationId: number, productIds: number[]): Promise<StationStockEntity[]> {
    if (productIds.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(StationStockEntity).findBy({ stationId, productId: In(productIds) });
  }
}
