import { Controller, Get, Header, HttpCode, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { auditListQuery, idParam, orderContracts, ServiceClient, staffAccountCreate, STATS_PERIODS, userContracts } from '@fuel/shared';
import { z } from 'zod';
import { Access } from '../../guards/access.js';
import { Audited, type AuditedRequest } from '../../guards/staff-audit.js';
import { ApiInput, ValidBody, ValidParams, ValidQuery } from '../../http/validation.js';
import { regionCsv } from './region-export.js';

const dashboardQuery = z.object({ period: z.enum(STATS_PERIODS).default('day') }).strict();
const moveBody = z.object({ stationId: z.number().int().positive() }).strict();
const accountTarget = (request: AuditedRequest) => `staff:${request.params.id}`;

/** Regional admins administer their region's staff and read its dashboard; managers and regional admins read the audit log of their scope. */
@ApiTags('staff')
@Controller('staff')
export class StaffAdminController {
  constructor(private readonly services: ServiceClient) {}

  @Get('accounts')
  @Access({ kind: 'staff', roles: ['regional_admin'] })
  @ApiOperation({ summary: '本区域员工账号' })
  accounts() {
    return this.services.call(userContracts.staffAccounts, {});
  }

  @Post('accounts')
  @Access({ kind: 'staff', roles: ['regional_admin'] })
  @Audited('staff.create', (request) => `username:${String((request.body as { username?: unknown })?.username ?? '')}`)
  @ApiOperation({ summary: '新建员工账号（返回一次性密码，首次登录须修改）' })
  @ApiInput({ body: staffAccountCreate })
  create(@ValidBody(staffAccountCreate) body: z.infer<typeof staffAccountCreate>) {
    return this.services.call(userContracts.staffCreate, body);
  }

  @Post('accounts/:id/disable')
  @HttpCode(200)
  @Access({ kind: 'staff', roles: ['regional_admin'] })
  @Audited('staff.disable', accountTarget)
  @ApiOperation({ summary: '停用账号（其登录会话立即失效）' })
  @ApiInput({ params: idParam })
  disable(@ValidParams(idParam) { id }: z.infer<typeof idParam>) {
    return this.services.call(userContracts.staffDisable, { staffId: id });
  }

  @Post('accounts/:id/enable')
  @HttpCode(200)
  @Access({ kind: 'staff', roles: ['regional_admin'] })
  @Audited('staff.enable', accountTarget)
  @ApiOperation({ summary: '启用账号' })
  @ApiInput({ params: idParam })
  enable(@ValidParams(idParam) { id }: z.infer<typeof idParam>) {
    return this.services.call(userContracts.staffEnable, { staffId: id });
  }

  @Post('accounts/:id/reset-password')
  @HttpCode(200)
  @Access({ kind: 'staff', roles: ['regional_admin'] })
  @Audited('staff.reset-password', accountTarget)
  @ApiOperation({ summary: '重置密码（返回一次性密码，下次登录须修改；其登录会话立即失效）' })
  @ApiInput({ params: idParam })
  resetPassword(@ValidParams(idParam) { id }: z.infer<typeof idParam>) {
    return this.services.call(userContracts.staffResetPassword, { staffId: id });
  }

  @Post('accounts/:id/move')
  @HttpCode(200)
  @Access({ kind: 'staff', roles: ['regional_admin'] })
  @Audited('staff.move', (request) => `staff:${request.params.id} to station:${String((request.body as { stationId?: unknown })?.stationId)}`)
  @ApiOperation({ summary: '调动到本区域另一加油站（须重新登录）' })
  @ApiInput({ params: idParam, body: moveBody })
  move(@ValidParams(idParam) { id }: z.infer<typeof idParam>, @ValidBody(moveBody) { stationId }: z.infer<typeof moveBody>) {
    return this.services.call(userContracts.staffMove, { staffId: id, stationId });
  }

  @Get('region/dashboard')
  @Access({ kind: 'staff', roles: ['regional_admin'] })
  @ApiOperation({ summary: '区域看板：本区域各站与合计的商城、加油、用券数据，及全平台会员增长与发券（按日/周/月）' })
  @ApiInput({ query: dashboardQuery })
  dashboard(@ValidQuery(dashboardQuery) { period }: z.infer<typeof dashboardQuery>) {
    return this.services.call(orderContracts.regionDashboard, { period });
  }

  @Get('region/dashboard/export')
  @Access({ kind: 'staff', roles: ['regional_admin'] })
  @Audited('data.export', (request) => `region dashboard period:${String((request.query as { period?: unknown })?.period ?? 'day')}`)
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: '导出区域看板（CSV）：各站与区域合计，按日/周/月' })
  @ApiInput({ query: dashboardQuery })
  async exportDashboard(@ValidQuery(dashboardQuery) { period }: z.infer<typeof dashboardQuery>, @Res({ passthrough: true }) reply: FastifyReply) {
    const dashboard = await this.services.call(orderContracts.regionDashboard, { period });
    void reply.header('content-disposition', `attachment; filename="region-${dashboard.regionCode}-${period}.csv"`);
    return regionCsv(dashboard);
  }

  @Get('audit')
  @Access({ kind: 'staff', roles: ['manager', 'regional_admin'] })
  @ApiOperation({ summary: '操作审计日志：站长看本站，区域管理员看本区域' })
  @ApiInput({ query: auditListQuery })
  audit(@ValidQuery(auditListQuery) query: z.infer<typeof auditListQuery>) {
    return this.services.call(userContracts.auditList, query);
  }
}
