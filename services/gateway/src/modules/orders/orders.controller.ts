import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { fuelOrderRequest, mallOrderRequest, orderContracts, orderListQuery, orderRef, ServiceClient } from '@fuel/shared';
import type { z } from 'zod';
import { Access } from '../../guards/access.js';
import { ApiInput, ValidBody, ValidParams, ValidQuery } from '../../http/validation.js';

/** A member's orders: 一键加油 and the mall (quote, place), the list and detail, cancel, refund. The order service checks ownership again. */
@ApiTags('orders')
@Access({ kind: 'member' })
@Controller('orders')
export class OrdersController {
  constructor(private readonly services: ServiceClient) {}

  @Post('fuel/quote')
  @HttpCode(200)
  @ApiOperation({ summary: '一键加油试算：油枪、油品、加油金额 → 会员价、优惠券、应付金额（不占用优惠券）' })
  @ApiInput({ body: fuelOrderRequest })
  quoteFuel(@ValidBody(fuelOrderRequest) body: z.infer<typeof fuelOrderRequest>) {
    return this.services.call(orderContracts.quoteFuel, body);
  }

  @Post('fuel')
  @ApiOperation({ summary: '一键加油下单：锁定优惠券并创建支付单（金额由服务端计算）' })
  @ApiInput({ body: fuelOrderRequest })
  placeFuel(@ValidBody(fuelOrderRequest) body: z.infer<typeof fuelOrderRequest>) {
    return this.services.call(orderContracts.placeFuel, body);
  }

  @Post('mall/quote')
  @HttpCode(200)
  @ApiOperation({ summary: '商城试算：商品与数量 → 会员价、优惠券、应付金额（不占库存）' })
  @ApiInput({ body: mallOrderRequest })
  quoteMall(@ValidBody(mallOrderRequest) body: z.infer<typeof mallOrderRequest>) {
    return this.services.call(orderContracts.quoteMall, body);
  }

  @Post('mall')
  @ApiOperation({ summary: '商城下单（到站自提）：预占库存、锁定优惠券并创建支付单' })
  @ApiInput({ body: mallOrderRequest })
  placeMall(@ValidBody(mallOrderRequest) body: z.infer<typeof mallOrderRequest>) {
    return this.services.call(orderContracts.placeMall, body);
  }

  @Get()
  @ApiOperation({ summary: '我的订单（按类型、状态筛选，分页）' })
  @ApiInput({ query: orderListQuery })
  list(@ValidQuery(orderListQuery) query: z.infer<typeof orderListQuery>) {
    return this.services.call(orderContracts.list, query);
  }

  @Get(':orderNo')
  @ApiOperation({ summary: '订单详情（本人）' })
  @ApiInput({ params: orderRef })
  get(@ValidParams(orderRef) { orderNo }: z.infer<typeof orderRef>) {
    return this.services.call(orderContracts.get, { orderNo });
  }

  @Post(':orderNo/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: '取消未支付订单' })
  @ApiInput({ params: orderRef })
  cancel(@ValidParams(orderRef) { orderNo }: z.infer<typeof orderRef>) {
    return this.services.call(orderContracts.cancel, { orderNo });
  }

  @Post(':orderNo/refund')
  @HttpCode(200)
  @ApiOperation({ summary: '申请退款（原路退回）' })
  @ApiInput({ params: orderRef })
  refund(@ValidParams(orderRef) { orderNo }: z.infer<typeof orderRef>) {
    return this.services.call(orderContracts.requestRefund, { orderNo });
  }
}
