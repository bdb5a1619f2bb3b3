import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { staffPasswordChange, staffPasswordLogin, staffSmsVerify, userContracts } from '@fuel/shared';
import type { z } from 'zod';
import { ServiceClient } from '@fuel/shared';
import { Access } from '../../guards/access.js';
import { Audited } from '../../guards/staff-audit.js';
import { ApiInput, ValidBody } from '../../http/validation.js';
import { RateLimitGroup } from '../../http/rate-limits.js';

@ApiTags('staff')
@Controller('staff')
export class StaffAuthController {
  constructor(private readonly services: ServiceClient) {}

  @Post('auth/login')
  @HttpCode(200)
  @Access({ public: true })
  @RateLimitGroup('signin')
  @ApiOperation({ summary: '员工登录第一步：用户名 + 密码，成功后向预留手机发送短信验证码（每号 60 秒一次，每日有上限）' })
  @ApiInput({ body: staffPasswordLogin })
  login(@ValidBody(staffPasswordLogin) body: z.infer<typeof staffPasswordLogin>) {
    return this.services.call(userContracts.staffLogin, body);
  }

  @Post('auth/verify')
  @HttpCode(200)
  @Access({ public: true })
  @RateLimitGroup('signin')
  @ApiOperation({ summary: '员工登录第二步：短信验证码，返回访问令牌（服务端会话：空闲 30 分钟或满 8 小时失效）' })
  @ApiInput({ body: staffSmsVerify })
  verify(@ValidBody(staffSmsVerify) body: z.infer<typeof staffSmsVerify>) {
    return this.services.call(userContracts.staffVerify, body);
  }

  @Post('auth/logout')
  @HttpCode(200)
  @Access({ kind: 'staff', passwordChange: true })
  @Audited('logout')
  @ApiOperation({ summary: '退出登录：会话立即失效' })
  logout() {
    return this.services.call(userContracts.staffLogout, {});
  }

  @Get('me')
  @Access({ kind: 'staff', passwordChange: true })
  @ApiOperation({ summary: '当前员工信息' })
  me() {
    return this.services.call(userContracts.staffProfile, {});
  }

  @Post('me/password')
  @HttpCode(200)
  @Access({ kind: 'staff', passwordChange: true })
  @Audited('password.change')
  @ApiOperation({ summary: '修改密码（至少 8 位，含大写、小写、数字、符号中的三类，不含用户名）' })
  @ApiInput({ body: staffPasswordChange })
  changePassword(@ValidBody(staffPasswordChange) body: z.infer<typeof staffPasswordChange>) {
    return this.services.call(userContracts.staffChangePassword, body);
  }
}
