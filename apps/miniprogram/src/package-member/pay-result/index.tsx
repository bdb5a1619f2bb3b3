import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'

import { Money } from '../../components/money'
import { QueryState } from '../../components/query-state'
import { TIER_NAMES } from '../../domain/labels'
import { useSignedIn } from '../../hooks/use-session'
import { queryKeys, useMe, usePaymentIntent } from '../../services/queries'
import { paymentOutcome } from './pay-result-logic'

import './index.css'

export default function PayResultPage() {
  const intentNo = useRouter().params.intentNo ?? ''
  const intent = usePaymentIntent(intentNo)
  const client = useQueryClient()
  const me = useMe(useSignedIn())
  const outcome = intent.data ? paymentOutcome(intent.data.status) : null

  useEffect(() => {
    // Paid: the wallet, its records and the tier have changed.
    if (outcome?.tone !== 'success') return
    for (const queryKey of [queryKeys.me, queryKeys.wallet, ['wallet-records'], queryKeys.rechargeOptions]) void client.invalidateQueries({ queryKey })
  }, [outcome?.tone, client])

  return (
    <View className='pay-result'>
      <QueryState query={intent} rows={4}>
        {() => (
          <View className={`pay-result__card pay-result__card--${outcome!.tone}`}>
            <View className='pay-result__icon'>{outcome!.icon}</View>
            <View className='pay-result__title'>{outcome!.title}</View>
            <Money fen={intent.data!.amountFen} className='pay-result__amount' />
            <View className='pay-result__desc'>{intent.data!.description}</View>
            {outcome!.tone === 'success' && me.data && <View className='pay-result__tier'>当前会员等级：{TIER_NAMES[me.data.tier]}</View>}
            {outcome!.tone === 'waiting' && <View className='pay-result__hint'>正在等待支付结果，请稍候…</View>}
            <View className='pay-result__actions'>
              <Button type='primary' block onClick={() => void Taro.redirectTo({ url: '/package-member/wallet/index' })}>
                查看钱包
              </Button>
              <Button fill='none' block onClick={() => void Taro.switchTab({ url: '/pages/me/index' })}>
                返回我的
              </Button>
            </View>
          </View>
        )}
      </QueryState>
    </View>
  )
}
