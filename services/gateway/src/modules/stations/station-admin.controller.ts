import { Controller, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { idParam, mapContracts, stationCreateBody, stationUpdateBody } from '@fuel/shared';
import type { z } from 'zod';
import { ServiceClient } from '@fuel/shared';
import { StationsEdge } from './stations-edge.js';
import { Access } from '../../guards/access.js';
import { Audited } from '../../guards/staff-audit.js';
import { ApiInput, ValidBody, ValidParams } from '../../http/validation.js';

/** Regional admins manage the stations of their region (the map service checks the region). */
@ApiTags('admin')
@Access({ kind: 'staff', roles: ['regional_admin'] })
@Controller('admin/stations')
export class StationAdminController {
  constructor(
    private readonly services: ServiceClient,
    private readonly edge: StationsEdge,
  ) {}

  @Post()
  @Audited('station.create', (request) => `code:${String((request.body as { code?: unknown })?.code ?? '')}`)
  @ApiOperation({ summary: '新建加油站（本区域）；未提供坐标时按地址地理编码' })
  @ApiInput({ body: stationCreateBody })
  create(@ValidBody(stationCreateBody) body: z.infer<typeof stationCreateBody>) {
    return this.services.call(mapContracts.createStation, body);
  }

  @Patch(':id')
  @Audited('station.update', (request) => `station:${request.params.id}`)
  @ApiOperation({ summary: '修改加油站信息（本区域）' })
  @ApiInput({ params: idParam, body: stationUpdateBody })
  update(@ValidParams(idParam) { id }: z.infer<typeof idParam>, @ValidBody(stationUpdateBody) changes: z.infer<typeof stationUpdateBody>) {
    return this.edge.updateStation({ id, changes });
  }
}
