import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { expressShipment, idParam, orderContracts, orderNoSchema, redemptionCode, ServiceClient, stationOrdersQuery, STATS_PERIODS, stockAdjustmentBody } from '@fuel/shared';
import { z } from 'zod';
import { Access } from '../../guards/access.js';
import { Audited, type AuditedRequest } from '../../guards/staff-audit.js';
import { ApiInput, ValidBody, ValidParams, ValidQuery } from '../../http/validation.js';

const codeBody = z.object({ code: redemptionCode }).strict();
/** For a coupon: what the counter purchase comes to, in fen (its threshold is checked against it). */
const confirmBody = codeBody.extend({ amountFen: z.number().int().positive().max(100_000_00).optional() }).strict();
const ordersQuery = stationOrdersQuery.omit({ stationId: true });
const orderParams = idParam.extend({ orderNo: orderNoSchema }).strict();
const shipBody = expressShipment.omit({ orderNo: true });
const statsQuery = z.object({ period: z.enum(STATS_PERIODS).default('day') }).strict();
const codeTarget = (request: AuditedRequest) => `station:${request.params.id} code:${String((request.body as { code?: unknown })?.code ?? '').slice(0, 20)}`;

/**
 * One station's counter and back room (`:id` is the station): attendants and managers redeem at their own station;
 * managers see and adjust its stock and figures; a regional admin reads stock and figures of their region's
 * stations. The order service checks role and station again.
 */
@ApiTags('staff')
@Controller('staff/stations/:id')
export class StaffStationController {
  constructor(private readonly services: ServiceClient) {}

  @Post('redemptions/preview')
  @HttpCode(200)
  @Access({ kind: 'staff', roles: ['attendant', 'manager'], ownStation: true })
  @Audited('redemption.preview', codeTarget)
  @ApiOperation({ summary: '核销预览：取货码、加油订单号或到店优惠券码 → 内容与会员手机号（脱敏）' })
  @ApiInput({ params: idParam, body: codeBody })
  preview(@ValidParams(idParam) { id }: z.infer<typeof idParam>, @ValidBody(codeBody) { code }: z.infer<typeof codeBody>) {
    return this.services.call(orderContracts.previewRedemption, { stationId: id, code });
  }

  @Post('redemptions')
  @HttpCode(200)
  @Access({ kind: 'staff', roles: ['attendant', 'manager'], ownStation: true })
  @Audited('redemption.confirm', codeTarget)
  @ApiOperation({ summary: '确认核销：自提订单交付、加油订单确认加油完成，或到店优惠券（须填消费金额）；只成功一次' })
  @ApiInput({ params: idParam, body: confirmBody })
  confirm(@ValidParams(idParam) { id }: z.infer<typeof idParam>, @ValidBody(confirmBody) body: z.infer<typeof confirmBody>) {
    return this.services.call(orderContracts.confirmRedemption, { stationId: id, ...body });
  }

  @Get('pump-board')
  @Access({ kind: 'staff', roles: ['attendant', 'manager'], ownStation: true })
  @ApiOperation({ summary: '今日已支付、待加油的订单（按油枪）' })
  @ApiInput({ params: idParam })
  pumpBoard(@ValidParams(idParam) { id }: z.infer<typeof idParam>) {
    return this.services.call(orderContracts.pumpBoard, { stationId: id });
  }

  @Get('orders')
  @Access({ kind: 'staff', roles: ['attendant', 'manager', 'regional_admin'], ownStation: true })
  @ApiOperation({ summary: '本站订单：待发货、待自提、已支付加油、退款、全部' })
  @ApiInput({ params: idParam, query: ordersQuery })
  orders(@ValidParams(idParam) { id }: z.infer<typeof idParam>, @ValidQuery(ordersQuery) query: z.infer<typeof ordersQuery>) {
    return this.services.call(orderContracts.stationOrders, { stationId: id, ...query });
  }

  @Post('orders/:orderNo/ship')
  @HttpCode(200)
  @Access({ kind: 'staff', roles: ['attendant', 'manager'], ownStation: true })
  @Audited('order.ship', (request) => `order:${request.params.orderNo} waybill:${String((request.body as { waybillNo?: unknown })?.waybillNo ?? '')}`)
  @ApiOperation({ summary: '快递发货：快递公司与运单号（订阅物流轨迹后订单变为已发货）' })
  @ApiInput({ params: orderParams, body: shipBody })
  ship(@ValidParams(orderParams) { orderNo }: z.infer<typeof orderParams>, @ValidBody(shipBody) body: z.infer<typeof shipBody>) {
    return this.services.call(orderContracts.ship, { orderNo, ...body });
  }

  @Post('orders/:orderNo/refund')
  @HttpCode(200)
  @Access({ kind: 'staff', roles: ['manager'], ownStation: true })
  @Audited('order.refund', (request) => `order:${request.params.orderNo}`)
  @ApiOperation({ summary: '退款（站长）：已支付的加油或商城订单，原路退回' })
  @ApiInput({ params: orderParams })
  refund(@ValidParams(orderParams) { orderNo }: z.infer<typeof orderParams>) {
    return this.services.call(orderContracts.refundByStation, { orderNo });
  }

  @Get('inventory')
  @Access({ kind: 'staff', roles: ['manager', 'regional_admin'], ownStation: true })
  @ApiOperation({ summary: '本站库存：在架、待自提、未支付占用、可售，低库存预警' })
  @ApiInput({ params: idParam })
  inventory(@ValidParams(idParam) { id }: z.infer<typeof idParam>) {
    return this.services.call(orderContracts.stockLevels, { stationId: id });
  }

  @Post('inventory/adjustments')
  @HttpCode(200)
  @Access({ kind: 'staff', roles: ['manager'], ownStation: true })
  @Audited('stock.adjust', (request) => {
    const body = request.body as { productId?: unknown; delta?: unknown; reason?: unknown };
    return `station:${request.params.id} product:${String(body?.productId)} delta:${String(body?.delta)} reason:${String(body?.reason)}`;
  })
  @ApiOperation({ summary: '库存调整（须选原因，计入库存流水）' })
  @ApiInput({ params: idParam, body: stockAdjustmentBody })
  adjust(@ValidParams(idParam) { id }: z.infer<typeof idParam>, @ValidBody(stockAdjustmentBody) adjustment: z.infer<typeof stockAdjustmentBody>) {
    return this.services.call(orderContracts.adjustStock, { stationId: id, adjustment });
  }

  @Get('stats')
  @Access({ kind: 'staff', roles: ['manager', 'regional_admin'], ownStation: true })
  @ApiOperation({ summary: '核销与销售统计：按日（近 14 天）、周（近 12 周）、月（近 12 个月）' })
  @ApiInput({ params: idParam, query: statsQuery })
  stats(@ValidParams(idParam) { id }: z.infer<typeof idParam>, @ValidQuery(statsQuery) { period }: z.infer<typeof statsQuery>) {
    return this.services.call(orderContracts.stationStats, { stationId: id, period });
  }
}
