/**
 * 区域看板 (regional admins, read-only): the region's total and each station's orders, sales, litres, coupons used
 * and redemptions, with the platform's member growth and coupons issued, by day, week or month; the stations ranked
 * by the latest period's sales; exported as CSV.
 */
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { useState } from 'react'
import type { StatsPeriod } from '@fuel/shared/client'

import { BarChart } from '../../components/bar-chart'
import { ErrorLine } from '../../components/error-line'
import { FiguresTable } from '../../components/figures-table'
import { Money } from '../../components/money'
import { PeriodTabs } from '../../components/period-tabs'
import { QueryState } from '../../components/query-state'
import { staffMessage } from '../../domain/error-messages'
import { litresText, rankStations, salesSeries, shortLabel } from '../../domain/staff'
import { useStaffGate } from '../../hooks/use-staff-gate'
import { useExportDashboard, useRegionDashboard } from '../../services/staff-queries'

import './index.css'

export default function DashboardPage() {
  const session = useStaffGate(['regional_admin'])
  const [period, setPeriod] = useState<StatsPeriod>('day')
  const dashboard = useRegionDashboard(period)
  const exporter = useExportDashboard()
  if (!session) return <View className='dashboard' />
  const exportCsv = () =>
    exporter.mutate(period, { onSuccess: (how) => void Taro.showToast({ title: how === 'copied' ? '已复制，可粘贴到表格' : '已导出', icon: 'success' }) })
  const data = dashboard.data
  const current = data?.total.at(-1)
  const members = data?.members ?? []
  return (
    <View className='dashboard'>
      <PeriodTabs value={period} onChange={setPeriod} />
      <View className='dashboard__bar'>
        <Button size='small' fill='outline' loading={exporter.isPending} onClick={exportCsv}>
          导出 CSV
        </Button>
      </View>
      <ErrorLine error={exporter.error} className='dashboard__error' />
      <QueryState query={dashboard} rows={8} describe={staffMessage}>
        {() => (
          <View>
            {current && (
              <View className='dashboard__kpis'>
                <View className='dashboard__kpi'>
                  <View className='dashboard__kpi-label'>{current.label} · 区域销售额</View>
                  <Money fen={current.mallSalesFen + current.fuelSalesFen} className='dashboard__kpi-value' />
                </View>
                <View className='dashboard__kpi'>
                  <View className='dashboard__kpi-label'>商城 / 加油订单</View>
                  <View className='dashboard__kpi-value'>
                    {current.mallOrders} / {current.fuelOrders}
                  </View>
                </View>
                <View className='dashboard__kpi'>
                  <View className='dashboard__kpi-label'>加油量（升）</View>
                  <View className='dashboard__kpi-value'>{litresText(current.fuelCentilitres)}</View>
                </View>
                <View className='dashboard__kpi'>
                  <View className='dashboard__kpi-label'>新增会员 / 发券 / 用券</View>
                  <View className='dashboard__kpi-value'>
                    {members.at(-1)?.newMembers ?? 0} / {members.at(-1)?.couponsIssued ?? 0} / {current.couponsUsed}
                  </View>
                </View>
              </View>
            )}
            <BarChart title='区域订单数' data={salesSeries(data?.total ?? [])} />
            <BarChart title='会员增长与发券（全平台）' data={members.flatMap((m) => [{ label: shortLabel(m.label), series: '新增会员', value: m.newMembers }, { label: shortLabel(m.label), series: '发券', value: m.couponsIssued }])} />
            <View className='dashboard__section'>区域合计</View>
            <FiguresTable buckets={data?.total ?? []} />
            <View className='dashboard__section'>各站排名{current ? ` · ${current.label}销售额` : ''}</View>
            <View className='dashboard__stations'>
              {rankStations(data?.stations ?? []).map((ranked) => {
                const station = data!.stations.find((s) => s.stationId === ranked.stationId)!
                const latest = station.buckets.at(-1)!
                return (
                  <View key={station.stationId} className='dashboard__station' data-station={station.stationId}>
                    <View className='dashboard__station-head'>
                      <View className={`dashboard__rank${ranked.rank <= 3 ? ' dashboard__rank--top' : ''}`}>{ranked.rank}</View>
                      <View className='dashboard__station-name'>{station.stationName}</View>
                      <Money fen={ranked.salesFen} className='dashboard__station-sales' />
                    </View>
                    <View className='dashboard__share' aria-hidden>
                      <View className='dashboard__share-bar' style={{ width: `${Math.round(ranked.share * 100)}%` }} />
                    </View>
                    <View className='dashboard__station-figures'>
                      商城 {latest.mallOrders} 单 <Money fen={latest.mallSalesFen} /> · 加油 {latest.fuelOrders} 单 {litresText(latest.fuelCentilitres)} 升 <Money fen={latest.fuelSalesFen} /> · 用券 {latest.couponsUsed}
                    </View>
                    <View className='dashboard__station-links'>
                      <View className='dashboard__link' onClick={() => void Taro.navigateTo({ url: `/package-staff/stats/index?stationId=${station.stationId}` })}>
                        统计 ›
                      </View>
                      <View className='dashboard__link' onClick={() => void Taro.navigateTo({ url: `/package-staff/inventory/index?stationId=${station.stationId}` })}>
                        库存 ›
                      </View>
                    </View>
                  </View>
                )
              })}
            </View>
          </View>
        )}
      </QueryState>
    </View>
  )
}
