/** 我的订单: by state, newest first, more as the driver scrolls. */
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Tabs } from '@nutui/nutui-react-taro'
import { useState } from 'react'
import type { Order, OrderStatus } from '@fuel/shared/client'

import { Money } from '../../components/money'
import { LoadMore } from '../../components/load-more'
import { QueryState } from '../../components/query-state'
import { gradeName, shanghaiMinute } from '../../domain/labels'
import { OrderStatusText } from '../../components/status-text'
import { useOrders } from '../../services/queries'

import './index.css'

const TABS: Array<{ title: string; status: OrderStatus | 'all' }> = [
  { title: '全部', status: 'all' },
  { title: '待支付', status: 'pending_payment' },
  { title: '已支付', status: 'paid' },
  { title: '待自提', status: 'ready_for_pickup' },
  { title: '退款', status: 'refunded' },
]

export default function OrdersPage() {
  const [status, setStatus] = useState<OrderStatus | 'all'>('all')
  return (
    <View className='orders'>
      <Tabs value={status} onChange={(value) => setStatus(value as OrderStatus | 'all')}>
        {TABS.map((t) => (
          <Tabs.TabPane key={t.status} value={t.status} title={t.title} />
        ))}
      </Tabs>
      <OrderList status={status} />
    </View>
  )
}

function OrderList({ status }: { status: OrderStatus | 'all' }) {
  const orders = useOrders(status)
  const items = orders.data?.pages.flatMap((p) => p.items) ?? []
  return (
    <QueryState query={orders} rows={4} empty={items.length === 0} emptyText='暂无订单'>
      {() => (
        <View>
          {items.map((order) => (
            <OrderCard key={order.orderNo} order={order} />
          ))}
          <LoadMore list={orders} endClassName='orders__end' />
        </View>
      )}
    </QueryState>
  )
}

function OrderCard({ order }: { order: Order }) {
  return (
    <View className='orders__card' data-order={order.orderNo} onClick={() => void Taro.navigateTo({ url: `/package-order/detail/index?orderNo=${order.orderNo}` })}>
      <View className='orders__top'>
        <View className='orders__station'>{order.stationName}</View>
        <OrderStatusText status={order.status} className='orders__status' />
      </View>
      {order.mall && (
        <View className='orders__what'>
          到站自提 · {order.mall.lines.map((l) => `${l.name}×${l.quantity}`).join('、')}
        </View>
      )}
      {order.fuel && (
        <View className='orders__what'>
          一键加油 · {order.fuel.pumpNumber} 号枪 · {gradeName(order.fuel.grade)} · {order.fuel.litres} 升
        </View>
      )}
      <View className='orders__bottom'>
        <View className='orders__time'>{shanghaiMinute(order.createdAt)}</View>
        <Money fen={order.payableFen} className='orders__amount' />
      </View>
    </View>
  )
}
