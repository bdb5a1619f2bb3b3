/** Checkout for pickup: the server's breakdown (list, member discount, the best coupon, payable), then pay. */
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Cell, CellGroup } from '@nutui/nutui-react-taro'
import { useState } from 'react'

import { CouponPicker } from '../../components/coupon-picker'
import { Money } from '../../components/money'
import { PaymentSheet } from '../../components/payment-sheet'
import { QueryState } from '../../components/query-state'
import { userMessage } from '../../domain/error-messages'
import { withoutBought } from '../../domain/cart'
import { updateCart, useCart } from '../../services/cart-store'
import { completePayment } from '../../services/checkout'
import { usePaymentChoice } from '../../hooks/use-payment-choice'
import { useAddresses, useMallQuote, usePayMall, useStation, type MallOrderInput } from '../../services/queries'
import { moneyText } from '../../domain/money'

import './index.css'


export default function CheckoutPage() {
  const params = useRouter().params
  const cart = useCart()
  // From the cart (everything in it), or 立即购买 (one product).
  const fromCart = params.from === 'cart'
  const [couponIds, setCouponIds] = useState<number[] | undefined>(undefined)
  const [pickingCoupon, setPickingCoupon] = useState(false)
  const basket: MallOrderInput | null = fromCart
    ? cart.stationId !== null && cart.lines.length ? { stationId: cart.stationId, lines: cart.lines } : null
    : params.stationId && params.productId ? { stationId: Number(params.stationId), lines: [{ productId: Number(params.productId), quantity: Number(params.quantity ?? 1) }] } : null
  const input = basket && { ...basket, couponIds }
  const station = useStation(input?.stationId ?? 0, true)
  const quote = useMallQuote(input)
  const pay = usePayMall()
  const [fulfilment, setFulfilment] = useState<'pickup' | 'express'>('pickup')
  const addresses = useAddresses()
  const [addressId, setAddressId] = useState<number | null>(null)
  const address = addresses.data?.find((a) => a.id === addressId) ?? addresses.data?.[0]
  const { choices, method: payWith, setMethod } = usePaymentChoice('mall_order', quote.data?.payableFen ?? 0)

  async function submit() {
    if (!input || !quote.data || payWith === null) return
    if (fulfilment === 'express' && !address) return void Taro.showToast({ title: '请先添加收货地址', icon: 'none' })
    try {
      const delivery = fulfilment === 'express' ? { fulfilment, addressId: address!.id } : { fulfilment }
      const { order, start } = await pay.mutateAsync({ input: { ...input, ...delivery, couponIds: quote.data.coupons.map((c) => c.id) }, method: payWith })
      // Ordered: what it holds leaves the cart (paid or not, it is in the order now).
      if (fromCart) updateCart((c) => withoutBought(c, input.lines))
      await completePayment(start, `/package-order/detail/index?orderNo=${order.orderNo}`)
    } catch (error) {
      void Taro.showToast({ title: userMessage(error), icon: 'none', duration: 2500 })
    }
  }

  return (
    <View className='checkout'>
      <QueryState query={quote} rows={6}>
        {() => {
          const q = quote.data!
          return (
            <View>
              <View className='checkout__ways'>
                {(['pickup', 'express'] as const).map((way) => (
                  <View key={way} className={`checkout__way${fulfilment === way ? ' checkout__way--chosen' : ''}`} data-way={way} onClick={() => setFulfilment(way)}>
                    {way === 'pickup' ? '到站自提' : '快递配送（包邮）'}
                  </View>
                ))}
              </View>
              {fulfilment === 'pickup' ? (
                <CellGroup title='到站自提'>
                  <Cell title='自提门店' description={station.data?.address} extra={station.data?.name ?? ''} />
                </CellGroup>
              ) : (
                <CellGroup title={`由 ${station.data?.name ?? '门店'} 发货`}>
                  {(addresses.data ?? []).map((a) => (
                    <Cell key={a.id} className={a.id === address?.id ? 'checkout__address--chosen' : ''} title={`${a.recipient} ${a.phone}`} description={`${a.region} ${a.detail}`} extra={a.id === address?.id ? '✓' : ''} clickable onClick={() => setAddressId(a.id)} />
                  ))}
                  <Cell title={addresses.data?.length ? '管理收货地址' : '添加收货地址'} clickable onClick={() => void Taro.navigateTo({ url: '/package-member/addresses/index' })} />
                </CellGroup>
              )}
              <CellGroup title='商品'>
                {q.lines.map((line) => (
                  <Cell key={line.productId} title={line.name} description={`${moneyText(line.unitFen)} × ${line.quantity}`} extra={<Money fen={line.listFen} />} />
                ))}
              </CellGroup>
              <CellGroup className='checkout__breakdown'>
                <Cell title='商品金额' extra={<Money fen={q.listFen} />} />
                <Cell title={`会员优惠${q.perMille < 1000 ? `（${q.perMille / 100} 折）` : ''}`} extra={`-${moneyText(q.memberDiscountFen)}`} />
                <Cell title='优惠券' description={q.coupons.map((c) => c.name).join('、') || '点击选择'} clickable onClick={() => setPickingCoupon(!pickingCoupon)} extra={q.coupons.length ? `-${moneyText(q.couponDiscountFen)}` : '不使用'} />
                <Cell title='应付金额' extra={<Money fen={q.payableFen} className='checkout__payable' />} />
              </CellGroup>
              {pickingCoupon && (
                <CouponPicker
                  usable={(c) => c.category === 'mall' || c.category === 'any'}
                  onPick={(ids) => {
                    setCouponIds(ids)
                    setPickingCoupon(false)
                  }}
                />
              )}
              <PaymentSheet choices={choices} value={payWith} onChange={setMethod} />
              <View className='checkout__pay'>
                <Button type='primary' block size='large' loading={pay.isPending} disabled={payWith === null || quote.isFetching} onClick={() => void submit()}>
                  确认支付 {moneyText(q.payableFen)}
                </Button>
              </View>
              <View className='checkout__note'>{fulfilment === 'pickup' ? '支付成功后凭 6 位取货码到门店自提' : '支付成功后由门店发货，可在订单中查看物流'}，未支付订单 15 分钟后自动取消</View>
            </View>
          )
        }}
      </QueryState>
    </View>
  )
}
