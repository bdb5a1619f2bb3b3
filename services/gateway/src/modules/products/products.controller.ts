import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { productListQuery } from '@fuel/shared';
import type { z } from 'zod';
import { Access } from '../../guards/access.js';
import { CatalogueEdge } from './catalogue-edge.js';
import { ApiInput, ValidQuery } from '../../http/validation.js';

@ApiTags('mall')
@Access({ public: true })
@Controller('products')
export class ProductsController {
  constructor(private readonly catalogue: CatalogueEdge) {}

  @Get()
  @ApiOperation({ summary: '商城商品（可按分类筛选；指定加油站时返回该站库存）' })
  @ApiInput({ query: productListQuery })
  list(@ValidQuery(productListQuery) query: z.infer<typeof productListQuery>) {
    return this.catalogue.list(query);
  }
}
