import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, ErrorCode, idParam, inventorySyncBody, orderContracts, ServiceClient } from '@fuel/shared';
import type { z } from 'zod';
import { Access } from '../../guards/access.js';
import { ApiInput, ValidBody, ValidParams } from '../../http/validation.js';
import { stationRequestOf } from '../../http/raw-body.js';

/** A station's till reports its counted stock here, with the same signed station token as the price API. */
@ApiTags('back-office')
@Access({ public: true })
@Controller('backoffice/stations')
export class BackofficeInventoryController {
  constructor(private readonly services: ServiceClient) {}

  @Post(':id/inventory')
  @HttpCode(200)
  @ApiOperation({ summary: '站点库存同步：按商品上报实盘数量（每行带版本号，旧版本忽略，重复提交无影响）' })
  @ApiHeader({ name: 'x-station-token', required: true, description: 'v2.<stationId>.<ts>.<nonce>.<hmac over method, path and body>' })
  @ApiInput({ params: idParam, body: inventorySyncBody })
  sync(@ValidParams(idParam) { id }: z.infer<typeof idParam>, @ValidBody(inventorySyncBody) body: z.infer<typeof inventorySyncBody>, @Headers('x-station-token') token: string | undefined, @Req() request: FastifyRequest) {
    if (!token) throw new DomainError(ErrorCode.UNAUTHENTICATED, '缺少站点凭证');
    return this.services.call(orderContracts.syncInventory, { stationId: id, token, request: stationRequestOf(request), ...body });
  }
}
