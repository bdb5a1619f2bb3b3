import { ORDER_STATUS_NAMES, ORDER_STATUS_TONES } from './labels'
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
})
