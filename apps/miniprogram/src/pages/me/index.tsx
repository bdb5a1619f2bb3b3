import { View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Avatar, Button, Cell, CellGroup, NoticeBar, Progress } from '@nutui/nutui-react-taro'
import type { MemberProfile } from '@fuel/shared/client'

import { ContactEntry } from '../../components/contact-entry'
import { QueryState } from '../../components/query-state'
import { shanghaiDay, TIER_NAMES, tierKeepLine, tierProgressLine } from '../../domain/labels'
import { useSignedIn } from '../../hooks/use-session'
import { moneyText } from '../../domain/money'
import { useCardPack, useMe, useWallet } from '../../services/queries'
import { signOut } from '../../services/api'
import { useStaffSession } from '../../services/staff-api'
import { tierProgressPercent } from './me-logic'

import './index.css'

const open = (url: string) => void Taro.navigateTo({ url })

export default function Me() {
  const signedIn = useSignedIn()
  const me = useMe(signedIn)
  useDidShow(() => {
    if (signedIn) void me.refetch()
  })
  usePullDownRefresh(() => {
    void me.refetch().finally(() => Taro.stopPullDownRefresh())
  })

  if (!signedIn) {
    return (
      <View className='me'>
        <View className='me__guest'>
          <Avatar size='large' className='me__avatar'>油</Avatar>
          <View className='me__guest-title'>登录后享受会员专属油价</View>
          <View className='me__guest-text'>新会员立得 2 张满200减15加油券</View>
          <Button type='primary' block onClick={() => open('/package-member/login/index')}>
            立即登录
          </Button>
        </View>
        <CellGroup title='会员权益'>
          <Cell title='会员专属油价' description='白银、黄金、钻石会员每升立减，等级越高越优惠' />
          <Cell title='充值升级' description='累计充值 1000 元起升级白银，3000 元黄金，5000 元钻石' />
          <Cell title='会员日与生日礼券' description='每月会员日领满300减30，生日月送满500减50' />
        </CellGroup>
        <CellGroup>
          <ContactEntry />
        </CellGroup>
        <StaffEntry />
      </View>
    )
  }
  return (
    <View className='me'>
      <QueryState query={me} rows={6}>
        {() => <MemberCentre profile={me.data!} />}
      </QueryState>
      <StaffEntry />
    </View>
  )
}

/** 员工入口: the staff's own sign-in (or their workbench, when a staff session is open on this device). */
function StaffEntry() {
  const staff = useStaffSession()
  return (
    <CellGroup className='me__staff'>
      <Cell title='员工入口' extra={staff ? `${staff.staff.displayName} · 工作台` : '加油员、站长、区域管理员'} clickable onClick={() => open(staff ? '/package-staff/home/index' : '/package-staff/login/index')} />
    </CellGroup>
  )
}

function MemberCentre({ profile }: { profile: MemberProfile }) {
  const keep = tierKeepLine(profile)
  const wallet = useWallet()
  const pack = useCardPack()
  const usableCoupons = pack.data ? Object.values(pack.data).reduce((sum, byStatus) => sum + byStatus.available.length, 0) : 0
  return (
    <View>
      {profile.renewalDue && profile.tierExpiresAt && (
        <NoticeBar content={`您的${TIER_NAMES[profile.tier]}将于 ${shanghaiDay(profile.tierExpiresAt)} 到期，续期礼券已放入卡包`} onClick={() => open('/package-member/coupons/index')} />
      )}
      <View className={`me__card me__card--${profile.tier}`}>
        <View className='me__head'>
          <Avatar size='large' className='me__avatar'>{(profile.nickname ?? '油').slice(0, 1)}</Avatar>
          <View className='me__who'>
            <View className='me__name'>{profile.nickname ?? '加油站会员'}</View>
            <View className='me__phone'>{profile.phoneMasked ?? '未绑定手机号'}</View>
          </View>
          <View className={`me__tier me__tier--${profile.tier}`}>{TIER_NAMES[profile.tier]}</View>
        </View>
        <View className='me__expiry'>{profile.tierExpiresAt ? `会员有效期至 ${shanghaiDay(profile.tierExpiresAt)}` : '升级会员享专属油价与更多优惠'}</View>
        <View className='me__progress'>
          <Progress percent={tierProgressPercent(profile)} color='#ffd666' background='rgba(255,255,255,0.3)' />
          <View className='me__progress-text'>{tierProgressLine(profile)}</View>
          {keep && <View className='me__progress-text'>{keep}</View>}
        </View>
        <View className='me__stats'>
          <View className='me__stat' role='button' onClick={() => open('/package-member/wallet/index')}>
            <View className='me__stat-value'>{wallet.data ? moneyText(wallet.data.balanceFen) : '—'}</View>
            <View className='me__stat-label'>余额</View>
          </View>
          <View className='me__stat' role='button' onClick={() => open('/package-member/coupons/index')}>
            <View className='me__stat-value'>{pack.data ? usableCoupons : '—'}</View>
            <View className='me__stat-label'>优惠券</View>
          </View>
          <View className='me__stat'>
            <View className='me__stat-value'>{profile.points}</View>
            <View className='me__stat-label'>积分</View>
          </View>
          <View className='me__code' role='button' onClick={() => open('/package-member/member-code/index')}>
            会员码
          </View>
        </View>
      </View>
      <CellGroup>
        <Cell title='我的订单' extra='加油与商城订单' clickable onClick={() => open('/package-order/orders/index')} />
        <Cell title='我的钱包' extra='余额与明细' clickable onClick={() => open('/package-member/wallet/index')} />
        <Cell title='我的卡包' extra={profile.memberDay.isToday ? '会员日领券' : '优惠券'} clickable onClick={() => open('/package-member/coupons/index')} />
        <Cell title='收货地址' extra='商城快递' clickable onClick={() => open('/package-member/addresses/index')} />
        <Cell title='个人资料' extra='昵称、生日、手机号' clickable onClick={() => open('/package-member/profile/index')} />
        <ContactEntry />
      </CellGroup>
      <View className='me__signout'>
        <Button fill='none' onClick={signOut}>
          退出登录
        </Button>
      </View>
    </View>
  )
}
