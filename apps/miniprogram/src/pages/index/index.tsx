import { Input, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Button, NoticeBar, Segmented, Tabs } from '@nutui/nutui-react-taro'
import type { FuelGrade, NearbyStation } from '@fuel/shared/client'
import { useState } from 'react'

import { QueryState } from '../../components/query-state'
import { StationCard } from '../../components/station-card'
import { StationMap } from '../../components/station-map'
import { formatDistance } from '../../domain/labels'
import { useLivePrices } from '../../hooks/use-live-prices'
import { CITY_CENTRE_NAME, useDriverPosition } from '../../hooks/use-position'
import { openAsMember, useSignedIn } from '../../hooks/use-session'
import { navigateTo } from '../../services/platform'
import { NEARBY_RADIUS_M, type StationSort, useMe, useNearbyStations } from '../../services/queries'
import { filterStations, GRADE_OPTIONS, liveStatusText, nearestOpen, orderStations, pinLabel, SORT_OPTIONS } from './home-logic'

import './index.css'

const openStation = (id: number) => void Taro.navigateTo({ url: `/package-station/detail/index?id=${id}` })

export default function Home() {
  const { position, fallback } = useDriverPosition()
  const [grade, setGrade] = useState<FuelGrade>('92')
  const [sort, setSort] = useState<StationSort>('distance')
  const [openOnly, setOpenOnly] = useState(false)
  const [search, setSearch] = useState('')
  const nearby = useNearbyStations(position, grade, sort)
  const signedIn = useSignedIn()
  const me = useMe(signedIn)
  const tier = me.data?.tier ?? null
  const live = useLivePrices(position ? { area: { ...position, radius: NEARBY_RADIUS_M } } : null)

  usePullDownRefresh(() => {
    void nearby.refetch().finally(() => Taro.stopPullDownRefresh())
  })

  // Fuelling starts signed in: the pump is paid from the member's wallet or their platform's payment.
  const fuelAt = (station: NearbyStation) => openAsMember(`/package-order/fuel/index?stationId=${station.id}`, signedIn)
  const directions = (station: NearbyStation) => navigateTo({ ...station.location, name: station.name, address: station.address, coordType: position?.coordType })
  const everyStation = orderStations(nearby.data?.items ?? [], sort, grade)
  const stations = filterStations(everyStation, { openOnly, search })
  const nearest = nearestOpen(everyStation)
  return (
    <View className='home'>
      {fallback && <NoticeBar content={`未获取到您的位置，已显示${CITY_CENTRE_NAME}附近的加油站`} />}
      {position && (
        <StationMap centre={position} radiusM={NEARBY_RADIUS_M} stations={stations} priceLabel={(s) => pinLabel(s, grade, tier)} onOpen={openStation} />
      )}
      <View className='home__quick'>
        <Button className='home__quick-fuel' type='primary' size='large' block disabled={!nearest} onClick={() => nearest && fuelAt(nearest)}>
          一键加油
        </Button>
        <View className='home__quick-where'>{nearest ? `${nearest.name} · ${formatDistance(nearest.distanceM)}` : nearby.data ? '附近暂无营业中的加油站' : '正在查找附近的加油站…'}</View>
      </View>
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
        <View className='home__filters'>
          <Input className='home__search' placeholder='搜索加油站名称或地址' value={search} onInput={(e) => setSearch(e.detail.value)} aria-label='搜索加油站' />
          <View className={`home__open-only${openOnly ? ' home__open-only--on' : ''}`} role='checkbox' aria-checked={openOnly} onClick={() => setOpenOnly(!openOnly)}>
            只看营业中
          </View>
        </View>
      </View>
      <View className='home__list'>
        <View className='home__count'>{nearby.data ? `附近 3 公里内 ${everyStation.length} 座加油站${stations.length < everyStation.length ? `，符合条件 ${stations.length} 座` : ''}` : ' '}</View>
        <QueryState query={{ ...nearby, isPending: nearby.isPending || !position }} empty={stations.length === 0} emptyText={everyStation.length ? '没有符合条件的加油站' : '附近 3 公里内没有加油站'}>
          {() => stations.map((station) => <StationCard key={station.id} station={station} grade={grade} tier={tier} onOpen={() => openStation(station.id)} onFuel={() => fuelAt(station)} onDirections={() => directions(station)} />)}
        </QueryState>
      </View>
    </View>
  )
}
