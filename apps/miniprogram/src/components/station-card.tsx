import { View } from '@tarojs/components'
import { Button, Tag } from '@nutui/nutui-react-taro'
import type { FuelGrade, MemberTier, NearbyStation } from '@fuel/shared/client'

import { formatDistance, gradeName, SERVICE_NAMES, TIER_SHORT } from '../domain/labels'
import { priceOf } from '../domain/prices'
import { PriceTag } from './price-tag'

import './station-card.css'

/**
 * One nearby station: name, distance, open or not, services, the chosen grade's regular and member price, and the
 * two things a driver does next: 导航 there, or 去加油 (while it is open).
 */
export function StationCard({ station, grade, tier, onOpen, onFuel, onDirections }: { station: NearbyStation; grade: FuelGrade; tier: MemberTier | null; onOpen(): void; onFuel(): void; onDirections(): void }) {
  // The buttons act on their own: the tap must not also open the station's page.
  const only = (action: () => void) => (event: { stopPropagation(): void }) => {
    event.stopPropagation()
    action()
  }
  const price = priceOf(station.prices, grade)
  // A member sees their own tier's price; everyone else the entry (白银) member price.
  const memberTier = tier && tier !== 'normal' ? tier : 'silver'
  return (
    <View className='station-card' data-station-id={station.id} onClick={onOpen}>
      <View className='station-card__head'>
        <View className='station-card__name'>{station.name}</View>
        <View className='station-card__distance'>{formatDistance(station.distanceM)}</View>
      </View>
      <View className='station-card__address'>{station.address}</View>
      <View className='station-card__tags'>
        <Tag type={station.openNow ? 'success' : 'default'}>{station.openNow ? '营业中' : '休息中'}</Tag>
        {station.services.map((s) => (
          <Tag key={s} plain type='default' className='station-card__service'>
            {SERVICE_NAMES[s]}
          </Tag>
        ))}
      </View>
      {price ? (
        <View className='station-card__prices'>
          <View className='station-card__price'>
            <View className='station-card__label'>{gradeName(grade)} 标准价</View>
            <PriceTag stationId={station.id} grade={grade} fen={price.regularFen} />
          </View>
          <View className='station-card__price'>
            <View className='station-card__label'>{TIER_SHORT[memberTier]}会员价</View>
            <PriceTag stationId={station.id} grade={grade} fen={price.memberFen[memberTier]} tone='member' />
          </View>
        </View>
      ) : (
        <View className='station-card__no-grade'>本站暂无 {gradeName(grade)}</View>
      )}
      <View className='station-card__actions'>
        <Button className='station-card__action' fill='outline' type='default' onClick={only(onDirections)}>
          导航
        </Button>
        <Button className='station-card__action station-card__fuel' type='primary' disabled={!station.openNow} onClick={only(onFuel)}>
          {station.openNow ? '去加油' : '休息中'}
        </Button>
      </View>
    </View>
  )
}
