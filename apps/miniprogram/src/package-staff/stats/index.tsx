/**
 * 本站统计 (managers: their station; regional admins: a station of their region, from the dashboard): orders, sales
 * and redemptions by day, week or month, as charts and figures.
 */
import { View } from '@tarojs/components'
import { useState } from 'react'
import type { StatsPeriod } from '@fuel/shared/client'

import { BarChart } from '../../components/bar-chart'
import { FiguresTable } from '../../components/figures-table'
import { Money } from '../../components/money'
import { PeriodTabs } from '../../components/period-tabs'
import { QueryState } from '../../components/query-state'
import { staffMessage } from '../../domain/error-messages'
import { redemptionSeries, salesSeries } from '../../domain/staff'
import { useStaffGate, useStationOfPage } from '../../hooks/use-staff-gate'
import { useStationStats } from '../../services/staff-queries'

import './index.css'

export default function StationStatsPage() {
  const session = useStaffGate(['manager', 'regional_admin'])
  const [period, setPeriod] = useState<StatsPeriod>('day')
  const stats = useStationStats(useStationOfPage(session), period)
  if (!session) return <View className='station-stats' />
  const buckets = stats.data?.buckets ?? []
  const current = buckets.at(-1)
  const previous = buckets.at(-2)
  return (
    <View className='station-stats'>
      <PeriodTabs value={period} onChange={setPeriod} />
      <QueryState query={stats} rows={6} describe={staffMessage}>
        {() => (
          <View>
            {current && (
              <View className='station-stats__today'>
                <View className='station-stats__kpi'>
                  <View className='station-stats__kpi-label'>{current.label}销售额</View>
                  <Money fen={current.mallSalesFen + current.fuelSalesFen} className='station-stats__kpi-value' />
                  {previous && (
                    <View className='station-stats__kpi-previous'>
                      {previous.label} <Money fen={previous.mallSalesFen + previous.fuelSalesFen} />
                    </View>
                  )}
                </View>
                <View className='station-stats__kpi'>
                  <View className='station-stats__kpi-label'>核销</View>
                  <View className='station-stats__kpi-value'>{current.pickupsRedeemed + current.fuelOrdersCompleted} 笔</View>
                  {previous && (
                    <View className='station-stats__kpi-previous'>
                      {previous.label} {previous.pickupsRedeemed + previous.fuelOrdersCompleted} 笔
                    </View>
                  )}
                </View>
              </View>
            )}
            <BarChart title='订单数' data={salesSeries(buckets)} />
            <BarChart title='核销笔数' data={redemptionSeries(buckets)} />
            <FiguresTable buckets={buckets} />
          </View>
        )}
      </QueryState>
    </View>
  )
}
