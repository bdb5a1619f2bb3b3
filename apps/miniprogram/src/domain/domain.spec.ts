import { auditOutcome, auditTargetWords, codeLooksValid, litresText, newOrderNos, normaliseCode, rankStations, screensFor, shortLabel } from './staff'
import { addToCart, cartCount, EMPTY_CART, setQuantity, withoutBought } from './cart'
import { yuanInputToFen } from './amount-input'
import { defaultMethod, paymentMethods } from './payment-methods'
import type { GradePrice, MemberProfile } from '@fuel/shared/client'

import { userMessage } from './error-messages'
import { couponRule, couponScope, formatDistance, openingHoursLines, shanghaiDay, tierKeepLine, tierProgressLine } from './labels'
import { offsetMetres, project } from './map-projection'
import { applyPrices, changedGrades, overlayNewer } from './prices'
import { paymentOutcome } from '../package-member/pay-result/pay-result-logic'

const price = (grade: GradePrice['grade'], regularFen: number, yourFen?: number): GradePrice => ({
  grade,
  regularFen,
  memberFen: { silver: regularFen - 10, gold: regularFen - 20, diamond: regularFen - 30 },
  updatedAt: '2026-11-29T00:00:00.000Z',
  ...(yourFen === undefined ? {} : { yourFen }),
})

describe('price tables under live changes', () => {
  it('a change replaces only the grades it set; a snapshot replaces the table', () => {
    const table = [price('92', 730), price('95', 780)]
    expect(applyPrices(table, { kind: 'change', changes: [price('95', 790)] })).toEqual([price('92', 730), price('95', 790)])
    expect(applyPrices(table, { kind: 'snapshot', prices: [price('98', 880)] })).toEqual([price('98', 880)])
  })

  it("re-picks the member's own price from the column the server named", () => {
    const table = [price('92', 730, 710)]
    expect(applyPrices(table, { kind: 'change', changes: [price('92', 740)] }, 'gold')[0].yourFen).toBe(720)
    expect(applyPrices(table, { kind: 'change', changes: [price('92', 740)] }, 'regular')[0].yourFen).toBe(740)
  })

  it('names the grades whose prices moved', () => {
    expect(changedGrades([price('92', 730), price('95', 780)], [price('92', 730), price('95', 781)])).toEqual(['95'])
    expect(changedGrades([price('92', 730)], [price('92', 730)])).toEqual([])
  })
})

describe('words on screen', () => {
  it('writes coupon rules and scopes in words', () => {
    expect(couponRule({ thresholdFen: 20_000, discountFen: 1_500 })).toBe('满200减15')
    expect(couponRule({ thresholdFen: 0, discountFen: 1_050 })).toBe('无门槛减10.50')
    expect(couponScope({ category: 'fuel', grades: ['92', '95'], mallCategories: null })).toBe('限 92#、95#')
    expect(couponScope({ category: 'fuel', grades: null, mallCategories: null })).toBe('全部油品可用')
  })

  it('groups runs of days with the same opening hours', () => {
    const days = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, open: '06:00', close: '22:30' })).concat([6, 7].map((weekday) => ({ weekday, open: '06:00', close: '23:30' })))
    expect(openingHoursLines({ allDay: false, days })).toEqual(['周一至周五 06:00–22:30', '周六至周日 06:00–23:30'])
    expect(openingHoursLines({ allDay: true })).toEqual(['24 小时营业'])
  })

  it('formats distances and Shanghai dates', () => {
    expect(formatDistance(850.4)).toBe('850 米')
    expect(formatDistance(1234)).toBe('1.2 公里')
    expect(shanghaiDay('2026-12-31T17:00:00.000Z')).toBe('2027-01-01')
    expect(shanghaiDay('not a date')).toBe('')
  })

  it('says what it takes to reach the next tier and to keep the current one', () => {
    const profile = (tier: MemberProfile['tier'], progress: MemberProfile['progress']) => ({ tier, progress })
    expect(tierProgressLine(profile('normal', { rechargedInWindowFen: 0, nextTier: 'silver', toNextTierFen: 100_000, toRenewFen: null }))).toBe('再充值 ¥1000 升级白银会员')
    expect(tierProgressLine(profile('diamond', { rechargedInWindowFen: 600_000, nextTier: null, toNextTierFen: null, toRenewFen: 0 }))).toBe('您已是最高等级会员')
    expect(tierKeepLine(profile('silver', { rechargedInWindowFen: 150_000, nextTier: 'gold', toNextTierFen: 150_000, toRenewFen: 50_000 }))).toBe('再充值 ¥500 可续期 12 个月')
    expect(tierKeepLine(profile('normal', { rechargedInWindowFen: 0, nextTier: 'silver', toNextTierFen: 100_000, toRenewFen: null }))).toBeNull()
  })

  it('turns every error into zh-CN words, never a code', () => {
    expect(userMessage({ code: 'SERVICE_UNAVAILABLE', message: 'map unavailable' })).toBe('服务暂时不可用，请稍后再试')
    expect(userMessage({ code: 'NOT_MEMBER_DAY', message: '会员日为每月 8 日，今天不能领取' })).toBe('会员日为每月 8 日，今天不能领取')
    expect(userMessage({ code: 'SOMETHING_NEW', message: 'SOMETHING_NEW happened' })).toBe('系统开小差了，请稍后再试')
    expect(userMessage(new TypeError('x is undefined'))).toBe('系统开小差了，请稍后再试')
  })
})

describe('offline map projection', () => {
  const centre = { lat: 30.64, lng: 104.09 }
  it('places a point 1.5 km east at three quarters across a 3 km map', () => {
    const east = { lat: 30.64, lng: 104.09 + 1500 / (111_320 * Math.cos((30.64 * Math.PI) / 180)) }
    expect(offsetMetres(centre, east).east).toBeCloseTo(1500, 0)
    expect(project(centre, east, 3000).x).toBeCloseTo(0.75, 3)
    expect(project(centre, east, 3000).y).toBeCloseTo(0.5, 3)
  })
  it('keeps far points on the map edge', () => {
    expect(project(centre, { lat: 31, lng: 105 }, 3000)).toEqual({ x: 0.94, y: 0.06 })
  })
})

describe('live prices over a fetched table', () => {
  it('replaces only the grades the live channel has newer, and re-picks the member column', () => {
    const fetched = [price('92', 730, 710), price('95', 780, 760)]
    const live = new Map([['92', { ...price('92', 740), updatedAt: '2026-11-29T00:00:05.000Z' }], ['95', { ...price('95', 770), updatedAt: '2026-11-28T23:00:00.000Z' }]])
    const shown = overlayNewer(fetched, live, 'gold')
    expect(shown.map((p) => [p.grade, p.regularFen, p.yourFen])).toEqual([['92', 740, 720], ['95', 780, 760]])
    expect(overlayNewer(fetched, undefined)).toBe(fetched)
  })
})

describe('payment result words', () => {
  it('says paid, waiting or not completed for each intent status', () => {
    expect(paymentOutcome('succeeded')).toMatchObject({ tone: 'success', title: '支付成功' })
    expect(paymentOutcome('paying')).toMatchObject({ tone: 'waiting', title: '支付处理中' })
    expect(paymentOutcome('closed')).toMatchObject({ tone: 'failed', title: '支付已关闭' })
    expect(paymentOutcome('failed')).toMatchObject({ tone: 'failed', title: '支付未完成' })
  })
})

describe('payment methods on the payment sheet', () => {
  const wechat = { method: 'wechat' as const, label: '微信支付' }

  it('offers only the provider for a recharge (it fills the wallet)', () => {
    const choices = paymentMethods({ payableKind: 'recharge', amountFen: 300_000, walletBalanceFen: 999_999, provider: wechat })
    expect(choices.map((c) => c.method)).toEqual(['wechat'])
    expect(defaultMethod(choices)).toBe('wechat')
  })

  it('offers the wallet first for an order when the balance covers it', () => {
    const choices = paymentMethods({ payableKind: 'fuel_order', amountFen: 20_000, walletBalanceFen: 20_000, provider: wechat })
    expect(choices).toEqual([
      { method: 'wallet', label: '余额支付', hint: '可用余额 ¥200', enabled: true },
      { method: 'wechat', label: '微信支付', hint: null, enabled: true },
    ])
    expect(defaultMethod(choices)).toBe('wallet')
  })

  it('shows a short balance as unusable and chooses the provider', () => {
    const choices = paymentMethods({ payableKind: 'mall_order', amountFen: 20_001, walletBalanceFen: 20_000, provider: { method: 'alipay', label: '支付宝' } })
    expect(choices[0]).toEqual({ method: 'wallet', label: '余额支付', hint: '余额不足（¥200）', enabled: false })
    expect(defaultMethod(choices)).toBe('alipay')
  })

  it('has nothing to offer on a platform without a provider for a recharge', () => {
    expect(defaultMethod(paymentMethods({ payableKind: 'recharge', amountFen: 100, walletBalanceFen: null, provider: null }))).toBeNull()
  })
})

describe('the pump amount a driver types', () => {
  it('reads yuan as fen without floating point', () => {
    expect(yuanInputToFen('300')).toBe(30_000)
    expect(yuanInputToFen('300.5')).toBe(30_050)
    expect(yuanInputToFen('300.50')).toBe(30_050)
    expect(yuanInputToFen('0.07')).toBe(7)
    expect(yuanInputToFen('300.')).toBe(30_000)
    expect(yuanInputToFen('300.505')).toBeNull()
    expect(yuanInputToFen('abc')).toBeNull()
    expect(yuanInputToFen('')).toBeNull()
    expect(yuanInputToFen('-5')).toBeNull()
  })
})

describe('the cart', () => {
  it('adds to the line of a product, caps quantities, and starts again for another station', () => {
    let cart = addToCart(EMPTY_CART, 1, 8, 2)
    cart = addToCart(cart, 1, 8, 3)
    cart = addToCart(cart, 1, 5, 1)
    expect(cart).toEqual({ stationId: 1, lines: [{ productId: 8, quantity: 5 }, { productId: 5, quantity: 1 }] })
    expect(cartCount(cart)).toBe(6)
    expect(addToCart(cart, 1, 8, 200).lines[0].quantity).toBe(99)
    expect(addToCart(cart, 2, 9, 1)).toEqual({ stationId: 2, lines: [{ productId: 9, quantity: 1 }] })
  })

  it('removes a line at zero and what an order bought', () => {
    const cart = { stationId: 1, lines: [{ productId: 8, quantity: 2 }, { productId: 5, quantity: 1 }] }
    expect(setQuantity(cart, 8, 0).lines).toEqual([{ productId: 5, quantity: 1 }])
    expect(withoutBought(cart, [{ productId: 8, quantity: 2 }, { productId: 5, quantity: 1 }])).toEqual({ stationId: null, lines: [] })
  })
})

describe('staff entry', () => {
  it('opens redemption to attendants, adds stock and figures for managers, and region screens for admins', () => {
    expect(screensFor('attendant')).toEqual(['redeem', 'orders'])
    expect(screensFor('manager')).toEqual(['redeem', 'orders', 'inventory', 'stats', 'audit'])
    expect(screensFor('regional_admin')).toEqual(['dashboard', 'accounts', 'audit'])
  })

  it('accepts 6-digit pickup codes, fuel order numbers and in-store coupon codes, typed loosely', () => {
    expect(codeLooksValid(normaliseCode(' 123 456 '))).toBe(true)
    expect(codeLooksValid(normaliseCode('f20261129abcd1234'))).toBe(true)
    expect(codeLooksValid(normaliseCode('c12345678'))).toBe(true)
    expect(codeLooksValid(normaliseCode('M20261129ABCD1234'))).toBe(false)
    expect(codeLooksValid(normaliseCode('m123456 1024'))).toBe(true)
    expect(codeLooksValid('12345')).toBe(false)
    expect(newOrderNos(null, ['F1'])).toEqual([])
    const names = (id: number) => (id === 1 ? '道达尔成都东大街加油站' : null)
    expect(auditTargetWords('station:1 product:3 delta:5 reason:restock', names)).toBe('道达尔成都东大街加油站 · 商品 #3 · 数量 +5 · 到货入库')
    expect(auditTargetWords('station:1 code:M1234561024', names)).toBe('道达尔成都东大街加油站 · 码 M1234561024')
    expect(auditTargetWords('staff:5 to station:2', names)).toBe('员工 #5 调往 2 号站')
    expect(auditTargetWords('region dashboard period:week', names)).toBe('区域看板 · 按周')
    expect(auditTargetWords('order:M20261203ABCD1234 waybill:SF123', names)).toBe('订单 M20261203ABCD1234 · 运单 SF123')
    expect(newOrderNos(new Set(['F1']), ['F1', 'F2'])).toEqual(['F2'])
    expect(newOrderNos(new Set(['F1', 'F2']), ['F2'])).toEqual([])
  })

  it('words audit results without codes', () => {
    expect(auditOutcome({ outcome: 'success', detail: null })).toBe('成功')
    expect(auditOutcome({ outcome: 'failure', detail: 'FORBIDDEN: 只能操作本站的业务' })).toBe('失败：只能操作本站的业务')
    expect(auditOutcome({ outcome: 'failure', detail: 'attempts=2' })).toBe('失败：密码错误')
    expect(auditOutcome({ outcome: 'failure', detail: 'failures=5 locked' })).toBe('失败：验证码错误')
  })

  it('shortens axis labels and formats litres', () => {
    expect(shortLabel('11月29日')).toBe('11/29')
    expect(shortLabel('11月23日起')).toBe('11/23')
    expect(shortLabel('2026年11月')).toBe('26/11')
    expect(litresText(123456)).toBe('1,234.56')
  })
})

describe('staff charts', () => {
  it('steps the value axis in whole numbers from zero', async () => {
    const { valueScale } = await import('../components/bar-chart-draw')
    expect(valueScale([{ label: 'a', series: 's', value: 1 }])).toEqual({ min: 0, max: 4, tickInterval: 1 })
    expect(valueScale([{ label: 'a', series: 's', value: 17 }])).toEqual({ min: 0, max: 20, tickInterval: 5 })
    expect(valueScale([])).toEqual({ min: 0, max: 4, tickInterval: 1 })
  })

  it('writes every value over its bar where it fits, else only the latest period’s', async () => {
    const { labelledBars } = await import('../components/bar-chart-draw')
    const days = (n: number, value: number) => Array.from({ length: n }, (_, i) => ['商城订单', '加油订单'].map((series) => ({ label: `12/${i + 1}`, series, value }))).flat()
    expect(labelledBars(days(4, 7), 350)).toHaveLength(8) // four periods of one-digit counts: every value
    const fortnight = labelledBars(days(14, 128), 350)
    expect(fortnight.map((d) => d.label)).toEqual(['12/14', '12/14'])
    const withEmpty = [...days(13, 0), { label: '12/14', series: '商城订单', value: 0 }, { label: '12/14', series: '加油订单', value: 3 }]
    expect(labelledBars(withEmpty, 350)).toEqual([{ label: '12/14', series: '加油订单', value: 3 }]) // no "0" over an empty bar
    expect(labelledBars([], 350)).toEqual([])
  })

  it('ranks stations by the latest period’s sales, with each one’s share of the top', () => {
    const bucket = (label: string, mallSalesFen: number, fuelSalesFen: number) => ({ label, mallSalesFen, fuelSalesFen })
    const ranked = rankStations([
      { stationId: 1, stationName: '东大街', buckets: [bucket('12/1', 0, 0), bucket('12/2', 1_000, 9_000)] },
      { stationId: 2, stationName: '红星路', buckets: [bucket('12/1', 99_999, 0), bucket('12/2', 5_000, 15_000)] },
      { stationId: 3, stationName: '春熙路', buckets: [bucket('12/1', 0, 0), bucket('12/2', 0, 0)] },
    ])
    expect(ranked.map((r) => [r.rank, r.stationName, r.salesFen, r.share])).toEqual([
      [1, '红星路', 20_000, 1],
      [2, '东大街', 10_000, 0.5],
      [3, '春熙路', 0, 0],
    ])
  })
})
