import { Image, Swiper, SwiperItem, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { Button, Cell, CellGroup, Tag } from '@nutui/nutui-react-taro'
import { FUEL_GRADES, type StationDetail } from '@fuel/shared/client'

import { PriceTag } from '../../components/price-tag'
import { QueryState } from '../../components/query-state'
import { gradeName, openingHoursLines, SERVICE_NAMES, TIER_SHORT } from '../../domain/labels'
import { priceOf } from '../../domain/prices'
import { useLivePrices } from '../../hooks/use-live-prices'
import { openAsMember, useSignedIn } from '../../hooks/use-session'
import { navigateTo } from '../../services/platform'
import { useStation } from '../../services/queries'
import { PumpLayout } from './pump-layout'

import './index.css'

export default function StationDetailPage() {
  const id = Number(useRouter().params.id)
  const signedIn = useSignedIn()
  const station = useStation(id, signedIn)
  useLivePrices(Number.isInteger(id) && id > 0 ? { stationIds: [id] } : null)
  return (
    <View className='detail'>
      <QueryState query={station} rows={8}>
        {() => <Detail station={station.data!} signedIn={signedIn} />}
      </QueryState>
    </View>
  )
}

function Detail({ station, signedIn }: { station: StationDetail; signedIn: boolean }) {
  const grades = FUEL_GRADES.filter((g) => priceOf(station.prices, g))
  const yours = station.appliesTo
  return (
    <View>
      {station.photos.length > 0 && (
        <Swiper className='detail__photos' indicatorDots autoplay circular>
          {station.photos.map((photo, i) => (
            <SwiperItem key={photo}>
              <Image className='detail__photo' src={photo} mode='aspectFill' nativeProps={{ alt: `${station.name}照片 ${i + 1}` }} />
            </SwiperItem>
          ))}
        </Swiper>
      )}
      <View className='detail__card'>
        <View className='detail__name'>{station.name}</View>
        <View className='detail__brand'>{station.brand}</View>
        <View className='detail__tags'>
          {station.services.map((s) => (
            <Tag key={s} plain>
              {SERVICE_NAMES[s]}
            </Tag>
          ))}
        </View>
      </View>
      {station.pumps.length > 0 && (
        <View className='detail__fuel'>
          <Button type='primary' block size='large' disabled={!station.openNow} onClick={() => openAsMember(`/package-order/fuel/index?stationId=${station.id}`, signedIn)}>
            {station.openNow ? '一键加油' : '休息中，暂不能加油'}
          </Button>
        </View>
      )}
      <CellGroup>
        <Cell title='地址' description={station.address} extra={<Button size='small' type='primary' onClick={() => navigateTo({ ...station.location, name: station.name, address: station.address })}>导航</Button>} />
        <Cell title='营业时间' description={openingHoursLines(station.openingHours).join('；')} />
        {station.phone && <Cell title='联系电话' description={station.phone} />}
      </CellGroup>

      <View className='detail__section-title'>今日油价（元/升）</View>
      <View className='detail__prices' role='table'>
        <View className='detail__row detail__row--head' role='row'>
          <View className='detail__cell detail__cell--grade' role='columnheader'>油品</View>
          <View className='detail__cell' role='columnheader'>标准价</View>
          <View className='detail__cell' role='columnheader'>白银</View>
          <View className='detail__cell' role='columnheader'>黄金</View>
          <View className='detail__cell' role='columnheader'>钻石</View>
        </View>
        {grades.map((grade) => {
          const p = priceOf(station.prices, grade)!
          return (
            <View key={grade} className='detail__row' role='row' data-grade={grade}>
              <View className='detail__cell detail__cell--grade' role='rowheader'>{gradeName(grade)}</View>
              <View className='detail__cell' role='cell'>
                <PriceTag stationId={station.id} grade={grade} fen={p.regularFen} suffix='' />
              </View>
              {(['silver', 'gold', 'diamond'] as const).map((tier) => (
                <View key={tier} className={`detail__cell${yours === tier ? ' detail__cell--yours' : ''}`} role='cell'>
                  <PriceTag stationId={station.id} grade={grade} fen={p.memberFen[tier]} tone='member' suffix='' />
                </View>
              ))}
            </View>
          )
        })}
      </View>
      {signedIn && yours ? (
        <View className='detail__yours'>
          <View className='detail__yours-title'>你的价格（{yours === 'regular' ? '标准价' : `${TIER_SHORT[yours]}会员价`}）</View>
          {grades.map((grade) => {
            const p = priceOf(station.prices, grade)!
            return p.yourFen !== undefined ? (
              <View key={grade} className='detail__yours-row'>
                <View>{gradeName(grade)}</View>
                <PriceTag stationId={station.id} grade={grade} fen={p.yourFen} tone='yours' />
              </View>
            ) : null
          })}
        </View>
      ) : (
        <View className='detail__hint'>登录后可查看您的会员专享价</View>
      )}

      {station.pumps.length > 0 && (
        <>
          <View className='detail__section-title'>油枪分布</View>
          <PumpLayout pumps={station.pumps} />
        </>
      )}
    </View>
  )
}
