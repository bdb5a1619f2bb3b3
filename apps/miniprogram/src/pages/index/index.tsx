import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { NoticeBar, Segmented, Tabs } from '@nutui/nutui-react-taro'
import type { FuelGrade } from '@fuel/shared/client'
import { useState } from 'react'

import { QueryState } from '../../components/query-state'
import { StationCard } from '../../components/station-card'
import { StationMap } from '../../components/station-map'
import { useLivePrices } from '../../hooks/use-live-prices'
import { CITY_CENTRE_NAME, useDriverPosition } from '../../hooks/use-position'
import { useSignedIn } from '../../hooks/use-session'
import { NEARBY_RADIUS_M, type StationSort, useMe, useNearbyStations } from '../../services/queries'
import { GRADE_OPTIONS, liveStatusText, orderStations, pinLabel, SORT_OPTIONS } from './home-logic'

import './index.css'

const openStation = (id: number) => void Taro.navigateTo({ url: `/package-station/detail/index?id=${id}` })

export default function Home() {
  const { position, fallback } = useDriverPosition()
  const [grade, setGrade] = useState<FuelGrade>('92')
  const [sort, setSort] = useState<StationSort>('distance')
  const nearby = useNearbyStations(position, grade, sort)
  const me = useMe(useSignedIn())
  const tier = me.data?.tier ?? null
  const live = useLivePrices(position ? { area: { ...position, radius: NEARBY_RADIUS_M } } : null)

  usePullDownRefresh(() => {
    void nearby.refetch().finally(() => Taro.stopPullDownRefresh())
  })

  const stations = orderStations(nearby.data?.items ?? [], sort, grade)
  return (
    <View className='home'>
      {fallback && <NoticeBar content={`未获取到您的位置，已显示${CITY_CENTRE_NAME}附近的加油站`} />}
      {position && (
        <StationMap centre={position} radiusM={NEARBY_RADIUS_M} stations={stations} priceLabel={(s) => pinLabel(s, grade, tier)} onOpen={openStation} />
      )}
      <View className='home__controls'>
        <Tabs value={grade} onChange={(value) => setGrade(value as FuelGrade)} activeType='line' align='left'>
          {GRADE_OPTIONS.map((option) => (
            <Tabs.TabPane key={option.value} value={option.value} title={option.title} />
          ))}
        </Tabs>
        <View className='home__sort'>
          <Segmented value={sort} options={SORT_OPTIONS} onChange={(value) => setSort(value as StationSort)} />
          <View className={`home__live home__live--${live}`}>{liveStatusText(live)}</View>
        </View>
      </View>
      <View className='home__list'>
        <View className='home__count'>{nearby.data ? `附近 3 公里内 ${stations.length} 座加油站` : ' '}</View>
        <QueryState query={{ ...nearby, isPending: nearby.isPending || !position }} empty={stations.length === 0} emptyText='附近 3 公里内没有营业中的加油站'>
          {() => stations.map((station) => <StationCard key={station.id} station={station} grade={grade} tier={tier} onOpen={() => openStation(station.id)} />)}
        </QueryState>
      </View>
    </View>
  )
}
