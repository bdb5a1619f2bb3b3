import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { basketSchema, couponContracts, idParam } from '@fuel/shared';
import { z } from 'zod';
import { ServiceClient } from '@fuel/shared';
import { Access } from '../../guards/access.js';
import { ApiInput, ValidBody, ValidParams } from '../../http/validation.js';

const bestBody = z.object({ basket: basketSchema }).strict();

/** 我的卡包: the caller's own coupons only. */
@ApiTags('members')
@Access({ kind: 'member' })
@Controller('me/coupons')
export class CouponsController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @ApiOperation({ summary: '我的卡包：按类别与状态（可用、锁定、已用、过期）分组' })
  cardPack() {
    return this.services.call(couponContracts.cardPack, {});
  }

  @Post('member-day')
  @ApiOperation({ summary: '领取会员日礼券（每月会员日一次）' })
  claimMemberDay() {
    return this.services.call(couponContracts.claimMemberDay, {});
  }

  @Post('best')
  @HttpCode(200)
  @ApiOperation({ summary: '为一笔订单（加油、商城或充值）选出最优惠的优惠券并给出价格明细' })
  @ApiInput({ body: bestBody })
  best(@ValidBody(bestBody) body: z.infer<typeof bestBody>) {
    return this.services.call(couponContracts.best, body);
  }

  @Post(':id/store-code')
  @HttpCode(200)
  @ApiOperation({ summary: '到店使用：为一张商城券或通用券生成 5 分钟有效的券码（二维码），由加油员扫码核销' })
  @ApiInput({ params: idParam })
  storeCode(@ValidParams(idParam) { id }: z.infer<typeof idParam>) {
    return this.services.call(couponContracts.storeCode, { couponId: id });
  }
}
