import type { Coupon } from '@fuel/shared/client'

import { couponUsePlace, groupCoupons, ORDER_STATUS_NAMES, ORDER_STATUS_TONES } from './labels'
import { memberPriced, moneyText } from './money'

// The style's own cases are in libs/shared (fen.spec.ts): here, that the app shows it and what only the app has.
describe('the money style on screen', () => {
  it('shows whole yuan without ".00", fen where there are some, "+" on a credit', () => {
    expect(moneyText(10_000)).toBe('¥100')
    expect(moneyText(6_256)).toBe('¥62.56')
    expect(moneyText(300_000, { signed: true })).toBe('+¥3000')
  })

  it('strikes the list price through only when the member pays less', () => {
    expect(memberPriced({ priceFen: 6_800, memberPriceFen: 6_256 })).toBe(true)
    expect(memberPriced({ priceFen: 6_800, memberPriceFen: 6_800 })).toBe(false)
    expect(memberPriced({ priceFen: 6_800 })).toBe(false)
  })

  it('gives every order status one tone, so 已支付 has one colour everywhere', () => {
    expect(Object.keys(ORDER_STATUS_TONES).sort()).toEqual(Object.keys(ORDER_STATUS_NAMES).sort())
    expect(ORDER_STATUS_TONES.paid).toBe('active')
    expect(ORDER_STATUS_TONES.pending_payment).toBe('waiting')
    expect(ORDER_STATUS_TONES.cancelled).toBe('closed')
  })

  it('groups identical coupons into one ticket with a count, and sends 去使用 where a coupon applies', () => {
    const coupon = (id: number, more: Partial<Coupon> = {}): Coupon => ({ id, name: '新人加油券', category: 'fuel', thresholdFen: 20_000, discountFen: 1_500, grades: null, mallCategories: null, stackable: false, status: 'available', validFrom: '2027-03-01T00:00:00Z', validUntil: '2027-04-01T15:59:59Z', ...more })
    const groups = groupCoupons([coupon(1), coupon(2), coupon(3, { validUntil: '2027-05-01T15:59:59Z' }), coupon(4, { discountFen: 3_000, thresholdFen: 30_000, name: '会员日礼券' })])
    expect(groups.map((g) => [g.coupon.id, g.count])).toEqual([[1, 2], [3, 1], [4, 1]])
    expect(couponUsePlace({ category: 'fuel' })).toEqual({ url: '/pages/index/index', tab: true })
    expect(couponUsePlace({ category: 'mall' })).toEqual({ url: '/pages/mall/index', tab: true })
    expect(couponUsePlace({ category: 'recharge' })).toEqual({ url: '/package-member/recharge/index', tab: false })
  })
})
