import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { memberContracts, paymentContracts, RECHARGE_MAX_FEN, RECHARGE_MIN_FEN, RECHARGE_PRESETS_FEN, rechargeIntentBody, ServiceClient, startAttemptRequest } from '@fuel/shared';
import { z } from 'zod';
import { Access } from '../../guards/access.js';
import { ApiInput, ValidBody, ValidParams } from '../../http/validation.js';

const intentParams = z.object({ intentNo: z.string().regex(/^P[0-9A-Z]{10,30}$/, '支付单号格式有误') }).strict();
const attemptBody = startAttemptRequest.omit({ intentNo: true });

/** A member's payments: recharges now (orders create their intents in the order service). */
@ApiTags('payments')
@Access({ kind: 'member' })
@Controller('payments')
export class PaymentsController {
  constructor(private readonly services: ServiceClient) {}

  @Get('recharge-options')
  @ApiOperation({ summary: '充值选项：预设金额及各自可升级到的会员等级' })
  async rechargeOptions() {
    const preview = await this.services.call(memberContracts.rechargePreview, { amounts: [...RECHARGE_PRESETS_FEN] });
    return { ...preview, minFen: RECHARGE_MIN_FEN, maxFen: RECHARGE_MAX_FEN };
  }

  @Post('recharges')
  @ApiOperation({ summary: '钱包充值：创建支付单（金额 10–10000 元）' })
  @ApiInput({ body: rechargeIntentBody })
  recharge(@ValidBody(rechargeIntentBody) body: z.infer<typeof rechargeIntentBody>) {
    return this.services.call(paymentContracts.createRecharge, body);
  }

  @Get('intents/:intentNo')
  @ApiOperation({ summary: '支付单详情（本人）' })
  @ApiInput({ params: intentParams })
  intent(@ValidParams(intentParams) { intentNo }: z.infer<typeof intentParams>) {
    return this.services.call(paymentContracts.get, { intentNo });
  }

  @Post('intents/:intentNo/attempts')
  @HttpCode(200)
  @ApiOperation({ summary: '发起支付：微信支付返回 requestPayment 参数' })
  @ApiInput({ params: intentParams, body: attemptBody })
  attempt(@ValidParams(intentParams) { intentNo }: z.infer<typeof intentParams>, @ValidBody(attemptBody) { method }: z.infer<typeof attemptBody>) {
    return this.services.call(paymentContracts.startAttempt, { intentNo, method });
  }
}
