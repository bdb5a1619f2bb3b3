/**
 * 本站订单 (attendants and managers, their station): express orders to ship (carrier and waybill), pickups waiting,
 * paid fuel orders, refunds. Managers give money back (退款) for a paid order; the server checks who and whether.
 */
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Input, Tabs } from '@nutui/nutui-react-taro'
import { useState } from 'react'
import { STATION_ORDER_VIEWS, type Order, type StationOrderView } from '@fuel/shared/client'

import { ErrorLine } from '../../components/error-line'
import { Money } from '../../components/money'
import { QueryState } from '../../components/query-state'
import { staffMessage } from '../../domain/error-messages'
import { CARRIER_NAMES, gradeName, shanghaiMinute } from '../../domain/labels'
import { OrderStatusText } from '../../components/status-text'
import { refundable, STATION_ORDER_VIEW_NAMES } from '../../domain/staff'
import { useStaffGate } from '../../hooks/use-staff-gate'
import { useStationOrderActions, useStationOrders } from '../../services/staff-queries'

import './index.css'

export default function StationOrdersPage() {
  const session = useStaffGate(['attendant', 'manager'])
  const [view, setView] = useState<StationOrderView>('to_ship')
  if (!session?.staff.stationId) return <View className='station-orders' />
  return (
    <View className='station-orders'>
      <Tabs value={view} onChange={(next) => setView(next as StationOrderView)}>
        {STATION_ORDER_VIEWS.map((v) => (
          <Tabs.TabPane key={v} value={v} title={STATION_ORDER_VIEW_NAMES[v]} />
        ))}
      </Tabs>
      <OrderList stationId={session.staff.stationId} view={view} canRefund={session.staff.role === 'manager'} />
    </View>
  )
}

function OrderList({ stationId, view, canRefund }: { stationId: number; view: StationOrderView; canRefund: boolean }) {
  const orders = useStationOrders(stationId, view)
  const items = orders.data?.items ?? []
  return (
    <QueryState query={orders} rows={5} empty={items.length === 0} emptyText={`暂无${STATION_ORDER_VIEW_NAMES[view]}订单`} describe={staffMessage}>
      {() => (
        <View>
          {items.map((order) => (
            <OrderCard key={order.orderNo} stationId={stationId} order={order} canRefund={canRefund} />
          ))}
        </View>
      )}
    </QueryState>
  )
}

function OrderCard({ stationId, order, canRefund }: { stationId: number; order: Order; canRefund: boolean }) {
  const { ship, refund } = useStationOrderActions(stationId)
  const [shipping, setShipping] = useState(false)
  const askRefund = async () => {
    const { confirm } = await Taro.showModal({ title: '确认退款', content: `订单 ${order.orderNo} 实付金额将原路退回，确认退款？` })
    if (confirm) refund.mutate(order.orderNo, { onSuccess: () => void Taro.showToast({ title: '已提交退款', icon: 'success' }) })
  }
  const toShip = order.mall?.fulfilment === 'express' && order.status === 'paid'
  return (
    <View className='station-orders__card' data-order={order.orderNo}>
      <View className='station-orders__top'>
        <View className='station-orders__no'>{order.orderNo}</View>
        <OrderStatusText status={order.status} className='station-orders__status' />
      </View>
      {order.fuel && (
        <View className='station-orders__what'>
          {order.fuel.pumpNumber} 号枪 · {gradeName(order.fuel.grade)} · {order.fuel.litres} 升
        </View>
      )}
      {order.mall && (
        <View className='station-orders__what'>
          {order.mall.fulfilment === 'express' ? '快递配送' : '到站自提'} · {order.mall.lines.map((l) => `${l.name}×${l.quantity}`).join('、')}
        </View>
      )}
      {order.mall?.express && <View className='station-orders__what'>收货：{order.mall.express.deliveryLabel}</View>}
      <View className='station-orders__bottom'>
        <View className='station-orders__time'>{order.paidAt ? `${shanghaiMinute(order.paidAt)} 支付` : shanghaiMinute(order.createdAt)}</View>
        <Money fen={order.payableFen} className='station-orders__amount' />
      </View>
      <View className='station-orders__actions'>
        {toShip && (
          <Button size='small' type='primary' onClick={() => setShipping(!shipping)}>
            {shipping ? '收起' : '发货'}
          </Button>
        )}
        {canRefund && refundable(order) && (
          <Button size='small' fill='outline' loading={refund.isPending} onClick={() => void askRefund()}>
            退款
          </Button>
        )}
      </View>
      {shipping && <ShipForm busy={ship.isPending} onShip={(carrier, waybillNo) => ship.mutate({ orderNo: order.orderNo, carrier, waybillNo }, { onSuccess: () => setShipping(false) })} />}
      <ErrorLine error={ship.error ?? refund.error} className='station-orders__error' />
    </View>
  )
}

function ShipForm({ busy, onShip }: { busy: boolean; onShip: (carrier: string, waybillNo: string) => void }) {
  const [carrier, setCarrier] = useState('shunfeng')
  const [waybillNo, setWaybillNo] = useState('')
  return (
    <View className='station-orders__ship'>
      <View className='station-orders__carriers'>
        {Object.entries(CARRIER_NAMES).map(([code, name]) => (
          <View key={code} className={`station-orders__carrier${carrier === code ? ' station-orders__carrier--on' : ''}`} onClick={() => setCarrier(code)}>
            {name}
          </View>
        ))}
      </View>
      <Input className='station-orders__waybill' placeholder='运单号' value={waybillNo} onChange={(v) => setWaybillNo(v.trim())} maxLength={32} />
      <Button type='primary' block disabled={!/^[A-Za-z0-9]{6,32}$/.test(waybillNo)} loading={busy} onClick={() => onShip(carrier, waybillNo)}>
        确认发货
      </Button>
    </View>
  )
}
