import { View } from '@tarojs/components'
import type { StationStatsBucket } from '@fuel/shared/client'

import { litresText } from '../domain/staff'
import { Money } from './money'

import './figures-table.css'

/** The figures behind the charts, newest first: what a manager reads off and what the tests read. */
export function FiguresTable({ buckets }: { buckets: StationStatsBucket[] }) {
  return (
    <View className='figures'>
      <View className='figures__row figures__row--head'>
        <View className='figures__cell figures__cell--label'>时间</View>
        <View className='figures__cell'>商城</View>
        <View className='figures__cell'>加油</View>
        <View className='figures__cell'>核销</View>
      </View>
      {[...buckets].reverse().map((b) => (
        <View key={b.start} className='figures__row' data-bucket={b.start}>
          <View className='figures__cell figures__cell--label'>{b.label}</View>
          <View className='figures__cell'>
            {b.mallOrders} 单<Money fen={b.mallSalesFen} className='figures__money' />
          </View>
          <View className='figures__cell'>
            {b.fuelOrders} 单 · {litresText(b.fuelCentilitres)} 升<Money fen={b.fuelSalesFen} className='figures__money' />
          </View>
          <View className='figures__cell'>
            自提 {b.pickupsRedeemed} · 加油 {b.fuelOrdersCompleted} · 用券 {b.couponsUsed}
          </View>
        </View>
      ))}
    </View>
  )
}
