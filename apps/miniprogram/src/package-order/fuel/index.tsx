/**
 * 一键加油: the pump (confirmed by its number), grade, the amount the pump shows; the server's breakdown (member price, coupon, payable) as the
 * driver changes them; then pay with the wallet or the platform's provider. The app never computes a price.
 */
import { Input, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Cell, CellGroup } from '@nutui/nutui-react-taro'
import { CouponPicker } from '../../components/coupon-picker'
import { useState } from 'react'
import { type FuelBreakdown, type FuelGrade, type StationDetail } from '@fuel/shared/client'

import { Money } from '../../components/money'
import { PaymentSheet } from '../../components/payment-sheet'
import { QueryState } from '../../components/query-state'
import { FUEL_AMOUNT_PRESETS_FEN, yuanInputToFen } from '../../domain/amount-input'
import { userMessage } from '../../domain/error-messages'
import { gradeName, openingHoursLines, TIER_SHORT } from '../../domain/labels'
import { useSignedIn } from '../../hooks/use-session'
import { completePayment } from '../../services/checkout'
import { usePaymentChoice } from '../../hooks/use-payment-choice'
import { useFuelQuote, usePayFuel, useStation, type FuelOrderInput } from '../../services/queries'
import { moneyText, yuanText } from '../../domain/money'

import './index.css'


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
  // Pump, then its confirmation ("确认 3 号枪": paying for the wrong pump is the mistake that costs), then amount.
  const [pumpNumber, setPump] = useState<number | null>(null)
  const [confirmed, setConfirmed] = useState(false)
  const pump = station.pumps.find((p) => p.number === pumpNumber)
  const [chosenGrade, setGrade] = useState<FuelGrade | null>(null)
  const grade = chosenGrade && pump?.nozzles.some((n) => n.grade === chosenGrade) ? chosenGrade : (pump?.nozzles[0]?.grade ?? '92')
  const [text, setText] = useState('')
  const amountFen = yuanInputToFen(text)
  const [couponIds, setCouponIds] = useState<number[] | undefined>(undefined)
  const [pickingCoupon, setPickingCoupon] = useState(false)
  const valid = amountFen !== null && amountFen >= 100 && amountFen <= 500_000
  const input: FuelOrderInput | null = confirmed && pumpNumber !== null && valid ? { stationId: station.id, pumpNumber, grade, amountFen, couponIds } : null
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

  if (!station.openNow) {
    return (
      <View>
        <View className='fuel__station'>{station.name}</View>
        <View className='fuel__closed' role='alert'>
          <View className='fuel__closed-title'>该站现在休息中，暂不能加油</View>
          <View>营业时间：{openingHoursLines(station.openingHours).join('；')}</View>
        </View>
      </View>
    )
  }

  return (
    <View className='fuel__form'>
      <View className='fuel__station'>{station.name}</View>
      {!confirmed ? (
        <>
          <View className='fuel__label'>请选择您所在的油枪</View>
          <View className='fuel__pumps'>
            {station.pumps.map((p) => (
              <View key={p.number} role='radio' aria-checked={p.number === pumpNumber} className={`fuel__pump${p.number === pumpNumber ? ' fuel__pump--chosen' : ''}`} data-pump={p.number} onClick={() => setPump(p.number)}>
                <View className='fuel__pump-number'>{p.number}</View>
                <View className='fuel__pump-grades'>{p.nozzles.map((n) => `${n.grade}#`).join(' ')}</View>
              </View>
            ))}
          </View>
          {pump && (
            <View className='fuel__confirm'>
              <View className='fuel__confirm-note'>请确认油机上的枪号与所选一致</View>
              <Button type='primary' block size='large' onClick={() => setConfirmed(true)}>
                确认 {pump.number} 号枪
              </Button>
            </View>
          )}
        </>
      ) : (
        <>
          <View className='fuel__chosen'>
            <View className='fuel__chosen-pump'>{pumpNumber} 号枪</View>
            <View className='fuel__change' role='button' onClick={() => setConfirmed(false)}>
              更换油枪
            </View>
          </View>
          <View className='fuel__label'>油品</View>
          <View className='fuel__grades'>
            {(pump?.nozzles ?? []).map((n) => (
              <View key={n.nozzle} role='radio' aria-checked={n.grade === grade} className={`fuel__grade${n.grade === grade ? ' fuel__grade--chosen' : ''}`} data-grade={n.grade} onClick={() => setGrade(n.grade)}>
                {gradeName(n.grade)}
              </View>
            ))}
          </View>
          <View className='fuel__label'>加油金额（以油机显示为准）</View>
          <View className='fuel__amount'>
            <Input className='fuel__input' type='digit' placeholder='请输入油机显示金额' value={text} onInput={(e) => setText(e.detail.value)} aria-label='加油金额（元）' />
            <View className='fuel__currency'>元</View>
          </View>
          <View className='fuel__presets'>
            {FUEL_AMOUNT_PRESETS_FEN.map((fen) => (
              // A preset is marked whenever the amount is its amount, typed or tapped.
              <View key={fen} role='radio' aria-checked={fen === amountFen} className={`fuel__preset${fen === amountFen ? ' fuel__preset--chosen' : ''}`} data-amount={fen} onClick={() => setText(yuanText(fen))}>
                {moneyText(fen)}
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
          <View className='fuel__paybar'>
            <View className='fuel__paybar-total'>
              <View className='fuel__paybar-label'>应付</View>
              {quote.data && input ? <Money fen={quote.data.payableFen} className='fuel__paybar-amount' /> : <View className='fuel__paybar-amount'>—</View>}
            </View>
            <Button className='fuel__paybar-button' type='primary' size='large' loading={pay.isPending} disabled={!quote.data || !input || quote.isFetching || payWith === null} onClick={() => void submit()}>
              {quote.data && input ? `确认支付 ${moneyText(quote.data.payableFen)}` : '请输入加油金额'}
            </Button>
          </View>
        </>
      )}
    </View>
  )
}

function Breakdown({ quote, onPickCoupon }: { quote: FuelBreakdown; onPickCoupon: () => void }) {
  return (
    <CellGroup className='fuel__breakdown'>
      <Cell title='加油金额' extra={<Money fen={quote.amountFen} />} />
      <Cell title='加油升数' extra={`${quote.litres} 升`} />
      <Cell title='单价' extra={<View className='fuel__unit'>{`${moneyText(quote.regularUnitFen)}/升`}{quote.priceKey !== 'regular' && <View className='fuel__unit-member'>{`${TIER_SHORT[quote.priceKey]}价 ${moneyText(quote.memberUnitFen)}/升`}</View>}</View>} />
      <Cell title='会员优惠' extra={<View className='fuel__minus'>-{moneyText(quote.memberDiscountFen)}</View>} />
      <Cell title='优惠券' description={quote.coupons.length ? quote.coupons.map((c) => c.name).join('、') : '点击选择'} clickable onClick={onPickCoupon} extra={<View className='fuel__coupon'>{quote.coupons.length ? `-${moneyText(quote.couponDiscountFen)}` : '不使用'}</View>} />
      <Cell title='应付金额' extra={<Money fen={quote.payableFen} className='fuel__payable' />} />
    </CellGroup>
  )
}
