import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { currentContext, idParam, mapContracts, memberContracts, nearbyQuery, stationListQuery } from '@fuel/shared';
import type { z } from 'zod';
import { Access } from '../../guards/access.js';
import { ServiceClient } from '@fuel/shared';
import { StationsEdge } from './stations-edge.js';
import { ApiInput, ValidParams, ValidQuery } from '../../http/validation.js';

@ApiTags('stations')
@Access({ public: true })
@Controller()
export class StationsController {
  constructor(
    private readonly services: ServiceClient,
    private readonly edge: StationsEdge,
  ) {}

  @Get('regions')
  @ApiOperation({ summary: '区域列表' })
  regions() {
    return this.services.call(mapContracts.listRegions, {});
  }

  @Get('stations')
  @ApiOperation({ summary: '加油站列表（按区域分页）' })
  @ApiInput({ query: stationListQuery })
  list(@ValidQuery(stationListQuery) query: z.infer<typeof stationListQuery>) {
    return this.services.call(mapContracts.listStations, query);
  }

  @Get('stations/nearby')
  @Header('content-type', 'application/json; charset=utf-8')
  @ApiOperation({ summary: '附近加油站：半径内（默认 3 公里）的加油站，含距离、营业状态、服务与实时油价' })
  @ApiInput({ query: nearbyQuery })
  nearby(@ValidQuery(nearbyQuery) query: z.infer<typeof nearbyQuery>) {
    return this.edge.nearby(query);
  }

  @Get('stations/:id')
  @ApiOperation({ summary: '加油站详情：照片、油价（标准价与会员价）' })
  @ApiInput({ params: idParam })
  async detail(@ValidParams(idParam) { id }: z.infer<typeof idParam>) {
    // Signed-in members see which price applies to them.
    const actor = currentContext()?.actor;
    const appliesTo = actor?.kind === 'member' ? (await this.services.call(memberContracts.pricing, { memberId: Number(actor.id) })).fuelPrice : undefined;
    return this.services.call(mapContracts.getStation, { id, appliesTo });
  }
}
