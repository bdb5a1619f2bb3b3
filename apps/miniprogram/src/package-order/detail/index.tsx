/** One order: its state, what was bought (pump, grade, litres), the breakdown, its history; pay, cancel, refund. */
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Cell, CellGroup, Steps, Step } from '@nutui/nutui-react-taro'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { type Order } from '@fuel/shared/client'

import { Money } from '../../components/money'
import { PaymentSheet } from '../../components/payment-sheet'
import { QrCode } from '../../components/qr-code'
import { QueryState } from '../../components/query-state'
import { userMessage } from '../../domain/error-messages'
import { CARRIER_NAMES, gradeName, ORDER_REASON_NAMES, ORDER_STATUS_NAMES, shanghaiMinute, TIER_SHORT } from '../../domain/labels'
import { OrderStatusText } from '../../components/status-text'
import { completePayment } from '../../services/checkout'
import { usePaymentChoice } from '../../hooks/use-payment-choice'
import { queryKeys, useOrder, useOrderAction, usePayOrder } from '../../services/queries'
import { moneyText } from '../../domain/money'

import './index.css'


export default function OrderDetailPage() {
  const orderNo = useRouter().params.orderNo ?? ''
  const order = useOrder(orderNo)
  const client = useQueryClient()
  const status = order.data?.status
  useEffect(() => {
    // Paid or refunded: the wallet, points and coupons changed with it.
    if (status === 'paid' || status === 'ready_for_pickup' || status === 'refunded') for (const queryKey of [queryKeys.wallet, queryKeys.me, queryKeys.cardPack, ['orders']]) void client.invalidateQueries({ queryKey })
  }, [status, client])
  return (
    <View className='order'>
      <QueryState query={order} rows={8}>
        {() => <OrderView order={order.data!} />}
      </QueryState>
    </View>
  )
}

function OrderView({ order }: { order: Order }) {
  const cancel = useOrderAction('cancel')
  const refund = useOrderAction('refund')
  const fuel = order.fuel
  async function act(action: typeof cancel, confirm: string) {
    const { confirm: yes } = await Taro.showModal({ title: '提示', content: confirm })
    if (!yes) return
    try {
      await action.mutateAsync(order.orderNo)
    } catch (error) {
      void Taro.showToast({ title: userMessage(error), icon: 'none', duration: 2500 })
    }
  }
  return (
    <View>
      <View className={`order__head order__head--${order.status}`}>
        <OrderStatusText status={order.status} className='order__status' />
        {order.status === 'pending_payment' && <View className='order__hint'>请在 {shanghaiMinute(order.expiresAt)} 前完成支付，逾期自动取消</View>}
        {order.status === 'paid' && fuel && <View className='order__hint'>请告知加油员：{fuel.pumpNumber} 号枪已支付；如需退款请联系加油站工作人员</View>}
        {order.status === 'ready_for_pickup' && <View className='order__hint'>请到门店出示取货码领取商品</View>}
        {order.status === 'paid' && order.mall?.fulfilment === 'express' && <View className='order__hint'>门店正在备货，发货后可查看物流</View>}
        {order.status === 'shipped' && <View className='order__hint'>已交给快递，正在配送</View>}
        {order.status === 'refund_requested' && <View className='order__hint'>退款处理中，将原路退回</View>}
      </View>
      {order.mall?.pickupCode && (
        <View className='order__pickup'>
          <View className='order__pickup-title'>取货码 · 到 {order.stationName} 出示</View>
          <View className='order__pickup-code'>{order.mall.pickupCode.replace(/(\d{3})(\d{3})/, '$1 $2')}</View>
          <QrCode text={order.mall.pickupCode} size={300} />
        </View>
      )}
      <CellGroup>
        <Cell title='加油站' extra={order.stationName} />
        {fuel && (
          <>
            <Cell title='油枪 / 油品' extra={`${fuel.pumpNumber} 号枪 · ${gradeName(fuel.grade)}`} />
            <Cell title='加油升数' extra={`${fuel.litres} 升`} />
            <Cell title='加油金额' extra={<Money fen={fuel.amountFen} />} />
            <Cell title='单价' extra={`${moneyText(fuel.regularUnitFen)}/升${fuel.priceKey === 'regular' ? '' : ` → ${TIER_SHORT[fuel.priceKey]}价 ${moneyText(fuel.memberUnitFen)}/升`}`} />
            <Cell title='会员优惠' extra={`-${moneyText(fuel.memberDiscountFen)}`} />
            <Cell title='优惠券' description={fuel.coupons.map((c) => c.name).join('、') || undefined} extra={fuel.coupons.length ? `-${moneyText(fuel.couponDiscountFen)}` : '未使用'} />
          </>
        )}
        {order.mall && (
          <>
            {order.mall.lines.map((line) => (
              <Cell key={line.productId} title={line.name} description={`${moneyText(line.unitFen)} × ${line.quantity}`} extra={<Money fen={line.listFen} />} />
            ))}
            <Cell title='取货方式' extra={order.mall.fulfilment === 'express' ? '快递配送' : '到站自提'} />
            {order.mall.express && <Cell title='收货人' extra={order.mall.express.deliveryLabel} />}
            {order.mall.express?.waybillNo && <Cell title='运单号' extra={`${CARRIER_NAMES[order.mall.express.carrier ?? ''] ?? order.mall.express.carrier ?? ''} ${order.mall.express.waybillNo}`} />}
            <Cell title='会员优惠' extra={`-${moneyText(order.mall.memberDiscountFen)}`} />
            <Cell title='优惠券' description={order.mall.coupons.map((c) => c.name).join('、') || undefined} extra={order.mall.coupons.length ? `-${moneyText(order.mall.couponDiscountFen)}` : '未使用'} />
          </>
        )}
        <Cell title={order.status === 'pending_payment' ? '应付金额' : '实付金额'} extra={<Money fen={order.payableFen} className='order__payable' />} />
        <Cell title='订单号' extra={order.orderNo} />
        <Cell title='下单时间' extra={shanghaiMinute(order.createdAt)} />
        {order.paidAt && <Cell title='支付时间' extra={shanghaiMinute(order.paidAt)} />}
      </CellGroup>
      {order.status === 'pending_payment' && order.intentNo && <PayAgain order={order} />}
      <View className='order__actions'>
        {order.status === 'pending_payment' && (
          <Button fill='outline' block loading={cancel.isPending} onClick={() => void act(cancel, '确定取消该订单吗？')}>
            取消订单
          </Button>
        )}
        {order.kind === 'mall' && (order.status === 'paid' || order.status === 'ready_for_pickup') && (
          <Button fill='outline' block loading={refund.isPending} onClick={() => void act(refund, '确定申请退款吗？款项将原路退回')}>
            申请退款
          </Button>
        )}
      </View>
      {order.mall?.express && order.mall.express.tracking.length > 0 && (
        <View className='order__history order__tracking'>
          <View className='order__history-title'>物流信息</View>
          <Steps direction='vertical' value={1}>
            {order.mall.express.tracking.map((t, index) => (
              <Step key={`${t.time}-${index}`} value={index + 1} title={t.context} description={`${t.time} ${t.status}`} />
            ))}
          </Steps>
        </View>
      )}
      {order.transitions.length > 0 && (
        <View className='order__history'>
          <View className='order__history-title'>订单进度</View>
          <Steps direction='vertical' value={order.transitions.length}>
            {order.transitions.map((t, index) => (
              <Step key={`${t.to}-${t.at}`} value={index + 1} title={ORDER_STATUS_NAMES[t.to]} description={`${shanghaiMinute(t.at)} ${ORDER_REASON_NAMES[t.reason] ?? ''}`} />
            ))}
          </Steps>
        </View>
      )}
    </View>
  )
}

/** An unpaid order: the payment sheet again (another attempt on its intent). */
function PayAgain({ order }: { order: Order }) {
  const pay = usePayOrder()
  const { choices, method: payWith, setMethod } = usePaymentChoice(order.kind === 'fuel' ? 'fuel_order' : 'mall_order', order.payableFen)
  async function submit() {
    if (payWith === null) return
    try {
      const start = await pay.mutateAsync({ intentNo: order.intentNo!, method: payWith })
      await completePayment(start, `/package-order/detail/index?orderNo=${order.orderNo}`)
    } catch (error) {
      void Taro.showToast({ title: userMessage(error), icon: 'none', duration: 2500 })
    }
  }
  return (
    <View>
      <PaymentSheet choices={choices} value={payWith} onChange={setMethod} />
      <View className='order__pay'>
        <Button type='primary' block size='large' loading={pay.isPending} disabled={payWith === null} onClick={() => void submit()}>
          去支付 {moneyText(order.payableFen)}
        </Button>
      </View>
    </View>
  )
}
