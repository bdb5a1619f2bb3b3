import { Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { bindPhoneBody, memberContracts, profileUpdateBody, refreshBody, walletRecordsQuery, wechatLoginBody } from '@fuel/shared';
import type { z } from 'zod';
import { ServiceClient } from '@fuel/shared';
import { Access } from '../../guards/access.js';
import { ApiInput, ValidBody, ValidQuery } from '../../http/validation.js';
import { RateLimitGroup } from '../../http/rate-limits.js';

/** Member sign-in and the member's own data: every /me route serves only the caller (the token's subject). */
@ApiTags('members')
@Controller()
export class MembersController {
  constructor(private readonly services: ServiceClient) {}

  @Post('auth/wechat/login')
  @HttpCode(200)
  @Access({ public: true })
  @RateLimitGroup('signin')
  @ApiOperation({ summary: '微信小程序登录：wx.login 的 code 换取访问令牌与刷新令牌' })
  @ApiInput({ body: wechatLoginBody })
  wechatLogin(@ValidBody(wechatLoginBody) body: z.infer<typeof wechatLoginBody>) {
    return this.services.call(memberContracts.wechatLogin, body);
  }

  @Post('auth/alipay/login')
  @HttpCode(200)
  @Access({ public: true })
  @RateLimitGroup('signin')
  @ApiOperation({ summary: '支付宝小程序登录：my.getAuthCode 的授权码换取访问令牌与刷新令牌' })
  @ApiInput({ body: wechatLoginBody })
  alipayLogin(@ValidBody(wechatLoginBody) body: z.infer<typeof wechatLoginBody>) {
    return this.services.call(memberContracts.alipayLogin, body);
  }

  @Post('auth/refresh')
  @HttpCode(200)
  @Access({ public: true })
  @RateLimitGroup('signin')
  @ApiOperation({ summary: '刷新访问令牌（刷新令牌一次有效，每次换新）' })
  @ApiInput({ body: refreshBody })
  refresh(@ValidBody(refreshBody) body: z.infer<typeof refreshBody>) {
    return this.services.call(memberContracts.refresh, body);
  }

  @Get('me')
  @Access({ kind: 'member' })
  @ApiOperation({ summary: '我的：会员等级、有效期、积分与升级/续期进度' })
  me() {
    return this.services.call(memberContracts.me, {});
  }

  @Patch('me')
  @Access({ kind: 'member' })
  @ApiOperation({ summary: '修改昵称；设置生日（仅一次，生日月可领满500减50礼券）' })
  @ApiInput({ body: profileUpdateBody })
  updateProfile(@ValidBody(profileUpdateBody) body: z.infer<typeof profileUpdateBody>) {
    return this.services.call(memberContracts.updateProfile, body);
  }

  @Post('me/phone')
  @HttpCode(200)
  @Access({ kind: 'member' })
  @ApiOperation({ summary: '绑定手机号（小程序 getPhoneNumber 返回的 code）' })
  @ApiInput({ body: bindPhoneBody })
  bindPhone(@ValidBody(bindPhoneBody) body: z.infer<typeof bindPhoneBody>) {
    return this.services.call(memberContracts.bindPhone, body);
  }

  @Get('me/member-code')
  @Access({ kind: 'member' })
  @ApiOperation({ summary: '会员码：到店出示，店员扫码识别会员（每分钟更新）' })
  memberCode() {
    return this.services.call(memberContracts.memberCode, {});
  }

  @Get('me/wallet')
  @Access({ kind: 'member' })
  @ApiOperation({ summary: '我的钱包：余额、累计充值与消费' })
  wallet() {
    return this.services.call(memberContracts.wallet, {});
  }

  @Get('me/wallet/records')
  @Access({ kind: 'member' })
  @ApiOperation({ summary: '钱包明细（充值、消费记录，分页）' })
  @ApiInput({ query: walletRecordsQuery })
  records(@ValidQuery(walletRecordsQuery) query: z.infer<typeof walletRecordsQuery>) {
    return this.services.call(memberContracts.walletRecords, query);
  }
}
