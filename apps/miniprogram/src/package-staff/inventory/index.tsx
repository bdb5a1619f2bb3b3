/**
 * 库存管理 (managers, their station; regional admins read any station of their region from the dashboard): stock per
 * product with what waits at the counter and what unpaid orders hold, low stock first; a manager's adjustment names
 * its reason (and a note for 其他) and goes into the stock ledger.
 */
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Input, Tag } from '@nutui/nutui-react-taro'
import { useState } from 'react'
import { STOCK_ADJUSTMENT_REASONS, type StockAdjustmentReason, type StockLevel } from '@fuel/shared/client'

import { ErrorLine } from '../../components/error-line'
import { QuantityStepper } from '../../components/quantity-stepper'
import { QueryState } from '../../components/query-state'
import { staffMessage } from '../../domain/error-messages'
import { ADJUSTMENT_REASON_NAMES } from '../../domain/staff'
import { useStaffGate, useStationOfPage } from '../../hooks/use-staff-gate'
import { useAdjustStock, useStockLevels } from '../../services/staff-queries'

import './index.css'

export default function InventoryPage() {
  const session = useStaffGate(['manager', 'regional_admin'])
  const stationId = useStationOfPage(session)
  if (!session || !stationId) return <View className='inventory' />
  return <Inventory stationId={stationId} canAdjust={session.staff.role === 'manager'} />
}

function Inventory({ stationId, canAdjust }: { stationId: number; canAdjust: boolean }) {
  const levels = useStockLevels(stationId)
  const [editing, setEditing] = useState<number | null>(null)
  const rows = levels.data ?? []
  const low = rows.filter((r) => r.lowStock).length
  return (
    <View className='inventory'>
      <View className='inventory__summary'>
        共 {rows.length} 种商品{low > 0 ? `，${low} 种低库存` : '，库存充足'}
      </View>
      <QueryState query={levels} rows={6} empty={rows.length === 0} emptyText='本站暂无库存商品' describe={staffMessage}>
        {() => (
          <View>
            {rows.map((level) => (
              <View key={level.productId} className='inventory__card' data-product={level.productId}>
                <View className='inventory__top' onClick={() => canAdjust && setEditing(editing === level.productId ? null : level.productId)}>
                  <View className='inventory__name'>
                    {level.name}
                    {level.variantLabel ? ` ${level.variantLabel}` : ''}
                  </View>
                  {level.lowStock && <Tag type='danger'>低库存</Tag>}
                </View>
                <View className='inventory__figures'>
                  <View>可售 {level.sellable}</View>
                  <View>在架 {level.onShelf}</View>
                  <View>待自提 {level.awaitingPickup}</View>
                  <View>未支付占用 {level.reserved}</View>
                </View>
                <View className='inventory__threshold'>
                  预警线 {level.lowStockThreshold} 件{canAdjust ? ' · 点击调整库存' : ''}
                </View>
                {editing === level.productId && <Adjustment stationId={stationId} level={level} onDone={() => setEditing(null)} />}
              </View>
            ))}
          </View>
        )}
      </QueryState>
    </View>
  )
}

function Adjustment({ stationId, level, onDone }: { stationId: number; level: StockLevel; onDone: () => void }) {
  const [delta, setDelta] = useState(0)
  const [reason, setReason] = useState<StockAdjustmentReason | null>(null)
  const [note, setNote] = useState('')
  const adjust = useAdjustStock(stationId)
  const ready = delta !== 0 && reason !== null && (reason !== 'other' || note.trim().length > 0)
  const submit = () =>
    adjust.mutate(
      { productId: level.productId, delta, reason: reason!, note: note.trim() },
      {
        onSuccess: () => {
          void Taro.showToast({ title: '库存已调整', icon: 'success', duration: 1200 })
          onDone()
        },
      },
    )
  return (
    <View className='inventory__adjust'>
      <View className='inventory__adjust-row'>
        <View>调整数量（减少填负数）</View>
        <QuantityStepper label='调整数量' value={delta} min={-(level.sellable + level.reserved)} max={9999} onChange={(value) => setDelta(Number(value))} />
      </View>
      <View className='inventory__reasons'>
        {STOCK_ADJUSTMENT_REASONS.map((r) => (
          <View key={r} className={`inventory__reason${reason === r ? ' inventory__reason--on' : ''}`} onClick={() => setReason(r)}>
            {ADJUSTMENT_REASON_NAMES[r]}
          </View>
        ))}
      </View>
      <Input className='inventory__note' placeholder={reason === 'other' ? '请填写调整说明（必填）' : '说明（选填）'} value={note} onChange={setNote} maxLength={100} />
      <Button type='primary' block disabled={!ready} loading={adjust.isPending} onClick={submit}>
        确认调整
      </Button>
      <ErrorLine error={adjust.error} className='inventory__error' />
    </View>
  )
}
