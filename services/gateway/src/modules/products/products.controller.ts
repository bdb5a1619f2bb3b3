import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { orderContracts, productListQuery } from '@fuel/shared';
import type { z } from 'zod';
import { Access } from '../../guards/access.js';
import { ServiceClient } from '@fuel/shared';
import { ApiInput, ValidQuery } from '../../http/validation.js';

@ApiTags('mall')
@Access({ public: true })
@Controller('products')
export class ProductsController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @ApiOperation({ summary: '商城商品（可按分类筛选；指定加油站时返回该站库存）' })
  @ApiInput({ query: productListQuery })
  list(@ValidQuery(productListQuery) query: z.infer<typeof productListQuery>) {
    return this.services.call(orderContracts.listProducts, query);
  }
}
