/**
 * 会员码 at the counter: the attendant scans it (or types the digits) to see the member's tier, shop coupons and
 * points. It renews itself every minute; a code seen on a screenshot is no use a couple of minutes later.
 */
import { View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'

import { QrCode } from '../../components/qr-code'
import { QueryState } from '../../components/query-state'
import { TIER_NAMES } from '../../domain/labels'
import { useSignedIn } from '../../hooks/use-session'
import { useMe, useMemberCode } from '../../services/queries'

import './index.css'

/** "M123456 1024": the digits in groups, as an attendant reads them out or types them. */
const spaced = (code: string) => `${code.slice(0, 7)} ${code.slice(7)}`

export default function MemberCodePage() {
  const me = useMe(useSignedIn())
  const code = useMemberCode()
  // Back on screen (a locked phone pauses the timers): a fresh code at once, not one that may have lapsed.
  useDidShow(() => void code.refetch())
  return (
    <View className={`member-code member-code--${me.data?.tier ?? 'normal'}`}>
      <View className='member-code__card'>
        <View className='member-code__who'>
          {me.data?.nickname ?? '加油站会员'} · {me.data ? TIER_NAMES[me.data.tier] : ''}
        </View>
        <QueryState query={code} rows={4}>
          {() => (
            <View className='member-code__body'>
              <QrCode text={code.data!.code} size={260} />
              <View className='member-code__digits' aria-label='会员码数字'>
                {spaced(code.data!.code)}
              </View>
              <View className='member-code__note'>请向店员出示，用于享受会员价、使用到店优惠券与积分 · 每分钟自动更新</View>
            </View>
          )}
        </QueryState>
      </View>
    </View>
  )
}
