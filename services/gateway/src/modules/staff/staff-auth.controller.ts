import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { staffPasswordLogin, staffSmsVerify, userContracts } from '@fuel/shared';
import type { z } from 'zod';
import { ServiceClient } from '@fuel/shared';
import { Access } from '../../guards/access.js';
import { ApiInput, ValidBody } from '../../http/validation.js';

@ApiTags('staff')
@Controller('staff')
export class StaffAuthController {
  constructor(private readonly services: ServiceClient) {}

  @Post('auth/login')
  @HttpCode(200)
  @Access({ public: true })
  @ApiOperation({ summary: '员工登录第一步：用户名 + 密码，成功后向预留手机发送短信验证码' })
  @ApiInput({ body: staffPasswordLogin })
  login(@ValidBody(staffPasswordLogin) body: z.infer<typeof staffPasswordLogin>) {
    return this.services.call(userContracts.staffLogin, body);
  }

  @Post('auth/verify')
  @HttpCode(200)
  @Access({ public: true })
  @ApiOperation({ summary: '员工登录第二步：短信验证码，返回访问令牌' })
  @ApiInput({ body: staffSmsVerify })
  verify(@ValidBody(staffSmsVerify) body: z.infer<typeof staffSmsVerify>) {
    return this.services.call(userContracts.staffVerify, body);
  }

  @Get('me')
  @Access({ kind: 'staff' })
  @ApiOperation({ summary: '当前员工信息' })
  me() {
    return this.services.call(userContracts.staffProfile, {});
  }
}
