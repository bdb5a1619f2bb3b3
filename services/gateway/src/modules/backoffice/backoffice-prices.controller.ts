import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, ErrorCode, idParam, priceChangeBody } from '@fuel/shared';
import type { z } from 'zod';
import { StationsEdge } from '../stations/stations-edge.js';
import { Access } from '../../guards/access.js';
import { ApiInput, ValidBody, ValidParams } from '../../http/validation.js';
import { stationRequestOf } from '../../http/raw-body.js';

/**
 * Station back-offices push prices here. They do not sign in as users: each request carries a signed station
 * token (X-Station-Token), which the map service verifies (signature, age, single use).
 */
@ApiTags('back-office')
@Access({ public: true })
@Controller('backoffice/stations')
export class BackofficePricesController {
  constructor(private readonly edge: StationsEdge) {}

  @Post(':id/prices')
  @HttpCode(200)
  @ApiOperation({ summary: '站点后台推送油价（标准价与各等级会员价）' })
  @ApiHeader({ name: 'x-station-token', required: true, description: 'v2.<stationId>.<ts>.<nonce>.<hmac over method, path and body>' })
  @ApiInput({ params: idParam, body: priceChangeBody })
  changePrices(
    @ValidParams(idParam) { id }: z.infer<typeof idParam>,
    @ValidBody(priceChangeBody) body: z.infer<typeof priceChangeBody>,
    @Headers('x-station-token') token: string | undefined,
    @Req() request: FastifyRequest,
  ) {
    if (!token) throw new DomainError(ErrorCode.UNAUTHENTICATED, '缺少站点凭证');
    return this.edge.pushPrices({ stationId: id, token, request: stationRequestOf(request), ...body });
  }
}
