/** What staff read in the staff entry for each code, and what each role may open. Pure: no Taro, no React. */
import { formatLitres, type AuditRecord, type Order, type StaffRole, type StationOrderView, type StatsPeriod, type StationStatsBucket, type StockAdjustmentReason } from '@fuel/shared/client'

export const ROLE_NAMES: Record<StaffRole, string> = { attendant: '加油员', manager: '站长', regional_admin: '区域管理员' }

export const ADJUSTMENT_REASON_NAMES: Record<StockAdjustmentReason, string> = { restock: '到货入库', stocktake: '盘点修正', damaged: '破损', expired: '过期', other: '其他' }

export const STATION_ORDER_VIEW_NAMES: Record<StationOrderView, string> = { to_ship: '待发货', awaiting_pickup: '待自提', paid_fuel: '加油订单', refunds: '退款', all: '全部' }

/** Whether the station may still give the money back (the server decides again): paid, or paid and not yet collected. */
export function refundable(order: Pick<Order, 'status'>): boolean {
  return order.status === 'paid' || order.status === 'ready_for_pickup' || order.status === 'delivered'
}

export const PERIOD_NAMES: Record<StatsPeriod, string> = { day: '按日', week: '按周', month: '按月' }

export const AUDIT_ACTION_NAMES: Record<string, string> = {
  'login.password': '登录（密码）',
  'login.sms_code': '登录（短信验证码）',
  logout: '退出登录',
  'password.change': '修改密码',
  'redemption.preview': '核销查询',
  'redemption.confirm': '确认核销',
  'stock.adjust': '库存调整',
  'order.ship': '快递发货',
  'order.refund': '订单退款',
  'data.export': '数据导出',
  'staff.create': '新建员工',
  'staff.disable': '停用员工',
  'staff.enable': '启用员工',
  'staff.reset-password': '重置密码',
  'staff.move': '员工调站',
  'station.create': '新建加油站',
  'station.update': '修改加油站',
}

export function auditActionName(action: string): string {
  return AUDIT_ACTION_NAMES[action] ?? action
}

/** One line for an audit record's result: 成功, or 失败 with the reason the server gave (its code left out). */
export function auditOutcome(record: Pick<AuditRecord, 'outcome' | 'detail'>): string {
  if (record.outcome === 'success') return '成功'
  const reason = record.detail?.replace(/^[A-Z_]+:\s*/, '').replace(/^attempts=\d+$/, '密码错误').replace(/^failures=\d+( locked)?$/, '验证码错误')
  return reason ? `失败：${reason}` : '失败'
}

export type StaffScreen = 'redeem' | 'orders' | 'inventory' | 'stats' | 'dashboard' | 'accounts' | 'audit'

/** The screens of the staff home, in order, for a role (the server checks each call again). */
export function screensFor(role: StaffRole): StaffScreen[] {
  if (role === 'attendant') return ['redeem', 'orders']
  if (role === 'manager') return ['redeem', 'orders', 'inventory', 'stats', 'audit']
  return ['dashboard', 'accounts', 'audit']
}

export const SCREEN_TITLES: Record<StaffScreen, { title: string; note: string }> = {
  redeem: { title: '核销与加油', note: '扫码或输入取货码、加油订单号；待加油订单' },
  orders: { title: '本站订单', note: '快递发货、待自提、加油订单、退款' },
  inventory: { title: '库存管理', note: '库存、低库存预警、库存调整' },
  stats: { title: '本站统计', note: '核销与销售，按日/周/月' },
  dashboard: { title: '区域看板', note: '各站与合计：会员、用券、商城、加油' },
  accounts: { title: '员工管理', note: '新建、停用、重置密码、调站' },
  audit: { title: '操作日志', note: '所有员工操作的审计记录' },
}

/** Chart rows (F2's tidy data): one row per bucket and series. */
export function salesSeries(buckets: StationStatsBucket[]): Array<{ label: string; series: string; value: number }> {
  return buckets.flatMap((b) => [
    { label: shortLabel(b.label), series: '商城订单', value: b.mallOrders },
    { label: shortLabel(b.label), series: '加油订单', value: b.fuelOrders },
  ])
}

export function redemptionSeries(buckets: StationStatsBucket[]): Array<{ label: string; series: string; value: number }> {
  return buckets.flatMap((b) => [
    { label: shortLabel(b.label), series: '自提核销', value: b.pickupsRedeemed },
    { label: shortLabel(b.label), series: '加油核销', value: b.fuelOrdersCompleted },
  ])
}

export interface RankedStation {
  rank: number
  stationId: number
  stationName: string
  salesFen: number
  /** Its sales as a share of the top station's (0–1), for the bar drawn beside it. */
  share: number
}

/** The region's stations by the latest period's sales (mall + fuel), highest first; ties by name. */
export function rankStations(stations: ReadonlyArray<{ stationId: number; stationName: string; buckets: ReadonlyArray<Pick<StationStatsBucket, 'mallSalesFen' | 'fuelSalesFen'>> }>): RankedStation[] {
  const sales = stations.map((s) => {
    const latest = s.buckets.at(-1)
    return { stationId: s.stationId, stationName: s.stationName, salesFen: latest ? latest.mallSalesFen + latest.fuelSalesFen : 0 }
  })
  sales.sort((a, b) => b.salesFen - a.salesFen || a.stationName.localeCompare(b.stationName, 'zh-CN'))
  const top = sales[0]?.salesFen ?? 0
  return sales.map((s, i) => ({ ...s, rank: i + 1, share: top > 0 ? s.salesFen / top : 0 }))
}

/** Axis labels stay short: "11月29日" → "11/29", "2026年11月" → "26/11", "11月23日起" → "11/23". */
export function shortLabel(label: string): string {
  const day = /^(\d+)月(\d+)日/.exec(label)
  if (day) return `${day[1]}/${day[2]}`
  const month = /^\d\d(\d\d)年(\d+)月$/.exec(label)
  return month ? `${month[1]}/${month[2]}` : label
}

/** Litres from centilitres as the pump shows them, grouped for totals ("1,234.56"). */
export function litresText(centilitres: number): string {
  return formatLitres(centilitres).replace(/\B(?=(\d{3})+\.)/g, ',')
}

/** What the attendant typed or scanned, as the server expects it: digits, or an order number in capitals. */
export function normaliseCode(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase()
}

export function codeLooksValid(code: string): boolean {
  return /^(\d{6}|F\d{8}[0-9A-Z]{8}|C\d{8}|M\d{7,22})$/.test(code)
}

/** The pump board's orders not on it before (the first load announces nothing): what the console calls out. */
export function newOrderNos(before: ReadonlySet<string> | null, now: readonly string[]): string[] {
  return before === null ? [] : now.filter((orderNo) => !before.has(orderNo))
}

/**
 * An audit record's target in words ("station:1 product:3 delta:5 reason:restock" → "道达尔…加油站 · 商品 #3 · 数量 +5 ·
 * 到货入库"), from the forms the gateway writes (staff-station and staff-admin controllers); anything else as it is.
 */
export function auditTargetWords(target: string, stationName: (id: number) => string | null): string {
  const words = target.split(' ').flatMap((token): string[] => {
    const at = token.indexOf(':')
    const [key, value] = at < 0 ? [token, ''] : [token.slice(0, at), token.slice(at + 1)]
    switch (key) {
      case 'station':
        return [stationName(Number(value)) ?? `${value} 号站`]
      case 'product':
        return [`商品 #${value}`]
      case 'delta':
        return [`数量 ${Number(value) > 0 ? '+' : ''}${value}`]
      case 'reason':
        return [ADJUSTMENT_REASON_NAMES[value as StockAdjustmentReason] ?? value]
      case 'code':
        return [`码 ${value}`]
      case 'order':
        return [`订单 ${value}`]
      case 'waybill':
        return [`运单 ${value}`]
      case 'staff':
        return [`员工 #${value}`]
      case 'username':
        return [`账号 ${value}`]
      case 'period':
        return [PERIOD_NAMES[value as StatsPeriod] ?? value]
      case 'to':
        return ['调往']
      case 'region':
        return ['区域看板']
      case 'dashboard':
        return []
      default:
        return [token]
    }
  })
  return words.join(' · ').replace(' · 调往 · ', ' 调往 ')
}
