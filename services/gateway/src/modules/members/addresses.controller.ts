import { Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { addressBody, addressContracts, addressId, ServiceClient } from '@fuel/shared';
import type { z } from 'zod';
import { Access } from '../../guards/access.js';
import { ApiInput, ValidBody, ValidParams } from '../../http/validation.js';

/** 收货地址: the signed-in member's own (the user service checks again). */
@ApiTags('members')
@Access({ kind: 'member' })
@Controller('me/addresses')
export class AddressesController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @ApiOperation({ summary: '我的收货地址（收货人、手机号脱敏显示）' })
  list() {
    return this.services.call(addressContracts.list, {});
  }

  @Post()
  @ApiOperation({ summary: '新增收货地址（加密存储）' })
  @ApiInput({ body: addressBody })
  create(@ValidBody(addressBody) body: z.infer<typeof addressBody>) {
    return this.services.call(addressContracts.create, body);
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: '删除收货地址' })
  @ApiInput({ params: addressId })
  remove(@ValidParams(addressId) { id }: z.infer<typeof addressId>) {
    return this.services.call(addressContracts.remove, { id });
  }
}
