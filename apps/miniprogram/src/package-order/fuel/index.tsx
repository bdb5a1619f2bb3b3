/**
 * 一键加油: pump, grade, the amount the pump shows; the server's breakdown (member price, coupon, payable) as the
 * driver changes them; then pay with the wallet or the platform's provider. The app never computes a price.
 */
import { Input, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Cell, CellGroup } from '@nutui/nutui-react-taro'
import { CouponPicker } from '../../components/coupon-picker'
import { useState } from 'react'
import { formatYuan, type FuelBreakdown, type FuelGrade, type StationDetail } from '@fuel/shared/client'

import { Money } from '../../components/money'
import { PaymentSheet } from '../../components/payment-sheet'
import { QueryState } from '../../components/query-state'
import { FUEL_AMOUNT_PRESETS_FEN, yuanInputToFen } from '../../domain/amount-input'
import { userMessage } from '../../domain/error-messages'
import { gradeName, TIER_SHORT } from '../../domain/labels'
import { useSignedIn } from '../../hooks/use-session'
import { completePayment } from '../../services/checkout'
import { usePaymentChoice } from '../../hooks/use-payment-choice'
import { useFuelQuote, usePayFuel, useStation, type FuelOrderInput } from '../../services/queries'

import './index.css'

const yuan = (fen: number) => formatYuan(fen, { symbol: true })

export default function FuelPage() {
  const stationId = Number(useRouter().params.stationId)
  const station = useStation(stationId, useSignedIn())
  return (
    <View className='fuel'>
      <QueryState query={station} rows={8}>
        {() => <FuelForm station={station.data!} />}
      </QueryState>
    </View>
  )
}

function FuelForm({ station }: { station: StationDetail }) {
  const [pumpNumber, setPump] = useState(station.pumps[0]?.number ?? 1)
  const pump = station.pumps.find((p) => p.number === pumpNumber)
  const [chosenGrade, setGrade] = useState<FuelGrade | null>(null)
  const grade = chosenGrade && pump?.nozzles.some((n) => n.grade === chosenGrade) ? chosenGrade : (pump?.nozzles[0]?.grade ?? '92')
  const [text, setText] = useState('')
  const amountFen = yuanInputToFen(text)
  const [couponIds, setCouponIds] = useState<number[] | undefined>(undefined)
  const [pickingCoupon, setPickingCoupon] = useState(false)
  const valid = amountFen !== null && amountFen >= 100 && amountFen <= 500_000
  const input: FuelOrderInput | null = valid ? { stationId: station.id, pumpNumber, grade, amountFen, couponIds } : null
  const quote = useFuelQuote(input)
  const pay = usePayFuel()
  const { choices, method: payWith, setMethod } = usePaymentChoice('fuel_order', quote.data?.payableFen ?? 0)

  async function submit() {
    if (!input || !quote.data || payWith === null) return
    try {
      // The coupons as quoted: what the driver saw is what the order holds.
      const { order, start } = await pay.mutateAsync({ input: { ...input, couponIds: quote.data.coupons.map((c) => c.id) }, method: payWith })
      await completePayment(start, `/package-order/detail/index?orderNo=${order.orderNo}`)
    } catch (error) {
      void Taro.showToast({ title: userMessage(error), icon: 'none', duration: 2500 })
    }
  }

  return (
    <View>
      <View className='fuel__station'>{station.name}</View>
      <View className='fuel__label'>选择油枪</View>
      <View className='fuel__pumps'>
        {station.pumps.map((p) => (
          <View key={p.number} className={`fuel__pump${p.number === pumpNumber ? ' fuel__pump--chosen' : ''}`} data-pump={p.number} onClick={() => setPump(p.number)}>
            {p.number}号
          </View>
        ))}
      </View>
      <View className='fuel__label'>油品</View>
      <View className='fuel__grades'>
        {(pump?.nozzles ?? []).map((n) => (
          <View key={n.nozzle} className={`fuel__grade${n.grade === grade ? ' fuel__grade--chosen' : ''}`} data-grade={n.grade} onClick={() => setGrade(n.grade)}>
            {gradeName(n.grade)}
          </View>
        ))}
      </View>
      <View className='fuel__label'>加油金额（以油机显示为准）</View>
      <View className='fuel__amount'>
        <Input className='fuel__input' type='digit' placeholder='请输入油机显示金额' value={text} onInput={(e) => setText(e.detail.value)} />
        <View className='fuel__currency'>元</View>
      </View>
      <View className='fuel__presets'>
        {FUEL_AMOUNT_PRESETS_FEN.map((fen) => (
          <View key={fen} className='fuel__preset' data-amount={fen} onClick={() => setText(String(fen / 100))}>
            {yuan(fen)}
          </View>
        ))}
      </View>
      {text !== '' && !valid && <View className='fuel__error'>请输入 1–5000 元的金额（最多两位小数）</View>}
      {input && (
        <QueryState query={quote} rows={5}>
          {() => <Breakdown quote={quote.data!} onPickCoupon={() => setPickingCoupon(!pickingCoupon)} />}
        </QueryState>
      )}
      {pickingCoupon && input && (
        <CouponPicker
          usable={(c) => (c.category === 'fuel' || c.category === 'any') && (!c.grades || c.grades.includes(grade))}
          onPick={(ids) => {
            setCouponIds(ids)
            setPickingCoupon(false)
          }}
        />
      )}
      {quote.data && input && <PaymentSheet choices={choices} value={payWith} onChange={setMethod} />}
      <View className='fuel__pay'>
        <Button type='primary' block size='large' loading={pay.isPending} disabled={!quote.data || !input || quote.isFetching || payWith === null} onClick={() => void submit()}>
          {quote.data && input ? `确认支付 ${yuan(quote.data.payableFen)}` : '请输入加油金额'}
        </Button>
      </View>
    </View>
  )
}

function Breakdown({ quote, onPickCoupon }: { quote: FuelBreakdown; onPickCoupon: () => void }) {
  return (
    <CellGroup className='fuel__breakdown'>
      <Cell title='加油金额' extra={<Money fen={quote.amountFen} />} />
      <Cell title='加油升数' extra={`${quote.litres} 升`} />
      <Cell title='单价' extra={`${yuan(quote.regularUnitFen)}/升${quote.priceKey === 'regular' ? '' : ` → ${TIER_SHORT[quote.priceKey]}价 ${yuan(quote.memberUnitFen)}/升`}`} />
      <Cell title='会员优惠' extra={<View className='fuel__minus'>-{yuan(quote.memberDiscountFen)}</View>} />
      <Cell title='优惠券' description={quote.coupons.length ? quote.coupons.map((c) => c.name).join('、') : '点击选择'} clickable onClick={onPickCoupon} extra={<View className='fuel__coupon'>{quote.coupons.length ? `-${yuan(quote.couponDiscountFen)}` : '不使用'}</View>} />
      <Cell title='应付金额' extra={<Money fen={quote.payableFen} className='fuel__payable' />} />
    </CellGroup>
  )
}
