import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { applyPerMille, currentContext, fen, memberContracts, orderContracts, productListQuery, ServiceClient } from '@fuel/shared';
import { z } from 'zod';
import { Access } from '../../guards/access.js';
import { CatalogueEdge } from './catalogue-edge.js';
import { ApiInput, ValidQuery } from '../../http/validation.js';

const hotQuery = z.object({ stationId: z.coerce.number().int().positive() }).strict();

@ApiTags('mall')
@Access({ public: true })
@Controller('products')
export class ProductsController {
  constructor(
    private readonly catalogue: CatalogueEdge,
    private readonly services: ServiceClient,
  ) {}

  @Get('hot')
  @ApiOperation({ summary: '门店热卖（近 30 天销量前 6）' })
  @ApiInput({ query: hotQuery })
  hot(@ValidQuery(hotQuery) { stationId }: z.infer<typeof hotQuery>) {
    return this.services.call(orderContracts.hot, { stationId });
  }

  @Get()
  @ApiOperation({ summary: '商城商品（可按分类筛选；指定加油站时返回该站库存）' })
  @ApiInput({ query: productListQuery })
  async list(@ValidQuery(productListQuery) query: z.infer<typeof productListQuery>) {
    // Signed-in members see their own price (their tier's rate); anyone else the list price.
    const actor = currentContext()?.actor;
    const perMille = actor?.kind === 'member' ? (await this.services.call(memberContracts.pricing, { memberId: Number(actor.id) })).mallPerMille : undefined;
    const page = await this.catalogue.list(query);
    return perMille === undefined ? page : { ...page, items: page.items.map((p) => ({ ...p, memberPriceFen: applyPerMille(fen(p.priceFen), perMille) as number })) };
  }
}
