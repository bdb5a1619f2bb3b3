/** What the driver reads for each code the API uses. Pure: no Taro, no React. */
import {
  type Coupon,
  type CouponCategoryName,
  type CouponDisplayStatus,
  type FuelGrade,
  type MemberProfile,
  type MemberTier,
  type OpeningHours,
  type OrderStatus,
  type ProductCategory,
  type StationService,
  type WalletEntryKind,
} from '@fuel/shared/client'
import { moneyText, yuanText } from './money'

export const TIER_NAMES: Record<MemberTier, string> = { normal: '普通会员', silver: '白银会员', gold: '黄金会员', diamond: '钻石会员' }
export const TIER_SHORT: Record<MemberTier, string> = { normal: '普通', silver: '白银', gold: '黄金', diamond: '钻石' }

export const SERVICE_NAMES: Record<StationService, string> = {
  car_wash: '洗车',
  convenience_store: '便利店',
  toilet: '卫生间',
  air_pump: '充气',
  ev_charging: '充电桩',
}

export function gradeName(grade: FuelGrade): string {
  return grade === '0' ? '0# 柴油' : `${grade}# 汽油`
}

export const COUPON_CATEGORY_NAMES: Record<CouponCategoryName, string> = { fuel: '加油券', mall: '商城券', any: '通用券', recharge: '充值券' }
export const COUPON_STATUS_NAMES: Record<CouponDisplayStatus, string> = { available: '可用', locked: '使用中', used: '已使用', expired: '已过期' }

export const ORDER_STATUS_NAMES: Record<OrderStatus, string> = {
  pending_payment: '待支付',
  paid: '已支付',
  ready_for_pickup: '待自提',
  picked_up: '已自提',
  shipped: '已发货',
  delivered: '已签收',
  completed: '已完成',
  cancelled: '已取消',
  refund_requested: '退款中',
  refunded: '已退款',
}
/**
 * Every status word's colour, in one table: 已支付 reads the same on every screen. waiting: the driver or station
 * still has to act; active: under way; done: finished well; closed: ended without (or with the money back).
 */
export type StatusTone = 'waiting' | 'active' | 'done' | 'closed'
export const ORDER_STATUS_TONES: Record<OrderStatus, StatusTone> = {
  pending_payment: 'waiting',
  paid: 'active',
  ready_for_pickup: 'active',
  shipped: 'active',
  refund_requested: 'waiting',
  picked_up: 'done',
  delivered: 'done',
  completed: 'done',
  cancelled: 'closed',
  refunded: 'closed',
}
export const COUPON_STATUS_TONES: Record<CouponDisplayStatus, StatusTone> = { available: 'active', locked: 'waiting', used: 'closed', expired: 'closed' }

/** Kuaidi100's carrier codes as a driver knows them. */
export const CARRIER_NAMES: Record<string, string> = { shunfeng: '顺丰速运', yuantong: '圆通速递', zhongtong: '中通快递', yunda: '韵达快递', shentong: '申通快递', jd: '京东物流', ems: 'EMS' }

export const PRODUCT_CATEGORY_NAMES: Record<ProductCategory, string> = { fuel_additive: '燃油周边', car_supplies: '汽车用品', convenience: '便利店' }

export const ORDER_REASON_NAMES: Record<string, string> = { placed: '下单', payment: '支付成功', cancelled: '用户取消', expired: '超时未支付，已自动取消', 'member-request': '申请退款', refund: '退款已到账', 'paid-for-pickup': '备货完成，请凭取货码到站自提', redeemed: '已到站取货', fuelled: '已加油完成', 'coupon-refused': '优惠券已被使用，订单已取消', shipped: '门店已发货', signed: '快件已签收' }

export const WALLET_KIND_NAMES: Record<WalletEntryKind, string> = { recharge: '充值', purchase: '消费', refund: '退款', adjustment: '调整' }

/** "1.2 公里" or "850 米". */
export function formatDistance(metres: number): string {
  if (!Number.isFinite(metres) || metres < 0) return ''
  return metres < 1000 ? `${Math.round(metres)} 米` : `${(metres / 1000).toFixed(1)} 公里`
}

/** 满200减15, 无门槛减10. */
export function couponRule(coupon: Pick<Coupon, 'thresholdFen' | 'discountFen'>): string {
  return coupon.thresholdFen > 0 ? `满${yuanText(coupon.thresholdFen)}减${yuanText(coupon.discountFen)}` : `无门槛减${yuanText(coupon.discountFen)}`
}

/** Where a coupon applies, in words: "限 92#、95# 汽油" or "全部油品". */
export function couponScope(coupon: Pick<Coupon, 'category' | 'grades' | 'mallCategories'>): string {
  if (coupon.category === 'fuel') return coupon.grades?.length ? `限 ${coupon.grades.map((g) => `${g}#`).join('、')}` : '全部油品可用'
  if (coupon.category === 'recharge') return '钱包充值可用'
  if (coupon.category === 'mall') return '商城商品可用'
  return '加油、商城通用'
}

/** "2026-12-31" in Asia/Shanghai, whatever the device's time zone. */
export function shanghaiDay(iso: string): string {
  const time = Date.parse(iso)
  if (Number.isNaN(time)) return ''
  return new Date(time + 8 * 3_600_000).toISOString().slice(0, 10)
}

/** "2026-11-29 14:05" in Asia/Shanghai. */
export function shanghaiMinute(iso: string): string {
  const time = Date.parse(iso)
  if (Number.isNaN(time)) return ''
  return new Date(time + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
}

const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日']

/** "24 小时营业", or runs of days with the same hours: "周一至周五 06:00–22:30". */
export function openingHoursLines(hours: OpeningHours): string[] {
  if (hours.allDay) return ['24 小时营业']
  const days = [...hours.days].sort((a, b) => a.weekday - b.weekday)
  const lines: string[] = []
  for (let i = 0; i < days.length; ) {
    let j = i
    while (j + 1 < days.length && days[j + 1].weekday === days[j].weekday + 1 && days[j + 1].open === days[i].open && days[j + 1].close === days[i].close) j++
    const span = i === j ? WEEKDAYS[days[i].weekday] : `${WEEKDAYS[days[i].weekday]}至${WEEKDAYS[days[j].weekday]}`
    lines.push(`${span} ${days[i].open}–${days[i].close}`)
    i = j + 1
  }
  return lines
}

/** The member centre's one line on what comes next: "再充值 ¥500.00 升级黄金会员". */
export function tierProgressLine(profile: Pick<MemberProfile, 'tier' | 'progress'>): string {
  const { nextTier, toNextTierFen } = profile.progress
  if (nextTier && toNextTierFen !== null) {
    return toNextTierFen > 0 ? `再充值 ${moneyText(toNextTierFen)} 升级${TIER_NAMES[nextTier]}` : `已满足${TIER_NAMES[nextTier]}条件`
  }
  return '您已是最高等级会员'
}

/** What keeps the current tier: "再充值 ¥1000.00 可续期 12 个月". */
export function tierKeepLine(profile: Pick<MemberProfile, 'tier' | 'progress'>): string | null {
  const { toRenewFen } = profile.progress
  if (profile.tier === 'normal' || toRenewFen === null) return null
  return toRenewFen > 0 ? `再充值 ${moneyText(toRenewFen)} 可续期 12 个月` : '已满足续期条件'
}

/** Identical coupons (same rule, scope, name and last day) shown as one ticket with a count: "满200减15 ×2". */
export function groupCoupons(coupons: Coupon[]): Array<{ coupon: Coupon; count: number }> {
  const groups = new Map<string, { coupon: Coupon; count: number }>()
  for (const coupon of coupons) {
    const key = [coupon.name, coupon.category, coupon.thresholdFen, coupon.discountFen, coupon.grades?.join(',') ?? '', coupon.mallCategories?.join(',') ?? '', shanghaiDay(coupon.validUntil), coupon.status].join('|')
    const group = groups.get(key)
    if (group) group.count += 1
    else groups.set(key, { coupon, count: 1 })
  }
  return [...groups.values()]
}

/** Where 去使用 takes a coupon: fuel and general coupons to the fuel stations, shop coupons to the mall, recharge ones to 充值. */
export function couponUsePlace(coupon: Pick<Coupon, 'category'>): { url: string; tab: boolean } {
  if (coupon.category === 'mall') return { url: '/pages/mall/index', tab: true }
  if (coupon.category === 'recharge') return { url: '/package-member/recharge/index', tab: false }
  return { url: '/pages/index/index', tab: true }
}
