import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Tabs } from '@nutui/nutui-react-taro'
import { COUPON_CATEGORIES, COUPON_DISPLAY_STATUSES, type CardPack, type Coupon, type CouponDisplayStatus } from '@fuel/shared/client'
import { useState } from 'react'

import { Money } from '../../components/money'
import { QrCode } from '../../components/qr-code'
import { QueryState } from '../../components/query-state'
import { userMessage } from '../../domain/error-messages'
import { COUPON_CATEGORY_NAMES, COUPON_STATUS_NAMES, couponRule, couponScope, couponUsePlace, groupCoupons, shanghaiDay } from '../../domain/labels'
import { CouponStatusText } from '../../components/status-text'
import { useSignedIn } from '../../hooks/use-session'
import { useCardPack, useClaimMemberDay, useMe, useStoreCouponCode } from '../../services/queries'

import './index.css'

export default function CouponsPage() {
  const pack = useCardPack()
  const [status, setStatus] = useState<CouponDisplayStatus>('available')
  const count = (s: CouponDisplayStatus, p: CardPack | undefined) => (p ? COUPON_CATEGORIES.reduce((n, c) => n + p[c][s].length, 0) : 0)
  return (
    <View className='coupons'>
      <MemberDayBanner />
      <Tabs value={status} onChange={(value) => setStatus(value as CouponDisplayStatus)}>
        {COUPON_DISPLAY_STATUSES.map((s) => (
          <Tabs.TabPane key={s} value={s} title={`${COUPON_STATUS_NAMES[s]}${pack.data ? `(${count(s, pack.data)})` : ''}`} />
        ))}
      </Tabs>
      <QueryState query={pack} empty={count(status, pack.data) === 0} emptyText={`暂无${COUPON_STATUS_NAMES[status]}的优惠券`}>
        {() =>
          COUPON_CATEGORIES.filter((c) => pack.data![c][status].length > 0).map((category) => (
            <View key={category} className='coupons__group'>
              <View className='coupons__group-title'>{COUPON_CATEGORY_NAMES[category]}</View>
              {groupCoupons(pack.data![category][status]).map(({ coupon, count }) => (
                <CouponTicket key={coupon.id} coupon={coupon} count={count} />
              ))}
            </View>
          ))
        }
      </QueryState>
    </View>
  )
}

/** Mall and general coupons can be shown at a station's counter; fuel and recharge coupons apply in the app. */
const usableInStore = (coupon: Coupon) => coupon.status === 'available' && (coupon.category === 'mall' || coupon.category === 'any')

/** 去使用: to where the coupon applies (a tab page is switched to, not stacked). */
const goUse = (coupon: Coupon) => {
  const place = couponUsePlace(coupon)
  void (place.tab ? Taro.switchTab({ url: place.url }) : Taro.navigateTo({ url: place.url }))
}

function CouponTicket({ coupon, count }: { coupon: Coupon; count: number }) {
  const [showing, setShowing] = useState(false)
  return (
    <View>
      <View className={`ticket ticket--${coupon.status}`} data-coupon-id={coupon.id}>
        <TicketFace coupon={coupon} count={count} />
        {coupon.status === 'available' && (
          <View className='ticket__actions'>
            <Button className='ticket__use' size='small' type='primary' onClick={() => goUse(coupon)}>
              去使用
            </Button>
            {usableInStore(coupon) && (
              <Button className='ticket__store' size='small' type='primary' fill='outline' onClick={() => setShowing(!showing)}>
                {showing ? '收起' : '到店使用'}
              </Button>
            )}
          </View>
        )}
      </View>
      {showing && <StoreCode couponId={coupon.id} />}
    </View>
  )
}

/** The one-time code the attendant scans (5 minutes, renewed while open); a new one each time it is opened. */
function StoreCode({ couponId }: { couponId: number }) {
  const code = useStoreCouponCode(couponId)
  useCardPack({ live: true }) // once the attendant has used it, the coupon moves to 已使用 and this closes
  return (
    <View className='ticket__code'>
      <QueryState query={code} rows={3}>
        {() => (
          <View className='ticket__code-body'>
            <QrCode text={code.data!.code} size={300} />
            <View className='ticket__code-text'>{code.data!.code}</View>
            <View className='ticket__code-note'>请向加油员出示，5 分钟内有效；核销时按本次消费金额计算门槛</View>
          </View>
        )}
      </QueryState>
    </View>
  )
}

function TicketFace({ coupon, count }: { coupon: Coupon; count: number }) {
  return (
    <>
      {count > 1 && <View className='ticket__count'>×{count}</View>}
      <View className='ticket__value'>
        <Money fen={coupon.discountFen} className='ticket__amount' />
        <View className='ticket__rule'>{couponRule(coupon)}</View>
      </View>
      <View className='ticket__body'>
        <View className='ticket__name'>{coupon.name}</View>
        <View className='ticket__scope'>{couponScope(coupon)}</View>
        <View className='ticket__valid'>有效期至 {shanghaiDay(coupon.validUntil)}</View>
      </View>
      <CouponStatusText status={coupon.status} className='ticket__status' />
    </>
  )
}

/** On the member day (每月 N 日) a 满300减30 fuel coupon can be claimed once. */
function MemberDayBanner() {
  const me = useMe(useSignedIn())
  const claim = useClaimMemberDay()
  const day = me.data?.memberDay
  if (!day) return null
  if (!day.isToday) return <View className='coupons__member-day'>每月 {day.dayOfMonth} 日会员日，可领满300减30加油券</View>
  return (
    <View className='coupons__member-day coupons__member-day--today'>
      <View>今天是会员日！领取满300减30加油券</View>
      <Button
        size='small'
        type='primary'
        loading={claim.isPending}
        onClick={() =>
          claim.mutate(undefined, {
            onSuccess: () => void Taro.showToast({ title: '领取成功', icon: 'success' }),
            onError: (error) => void Taro.showToast({ title: userMessage(error), icon: 'none' }),
          })
        }
      >
        立即领取
      </Button>
    </View>
  )
}
