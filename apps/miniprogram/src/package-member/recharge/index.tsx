import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { useState } from 'react'

import { Money } from '../../components/money'
import { QueryState } from '../../components/query-state'
import { userMessage } from '../../domain/error-messages'
import { TIER_NAMES } from '../../domain/labels'
import { PaymentSheet } from '../../components/payment-sheet'
import { usePaymentChoice } from '../../hooks/use-payment-choice'
import { payAtProvider } from '../../services/platform'
import { useRechargeOptions, useStartRecharge } from '../../services/queries'

import './index.css'

const resultPath = (intentNo: string) => `/package-member/pay-result/index?intentNo=${intentNo}`

export default function RechargePage() {
  const options = useRechargeOptions()
  const recharge = useStartRecharge()
  const [chosen, setChosen] = useState<number | null>(null)
  const selected = chosen ?? options.data?.options[0]?.amountFen ?? null
  // A recharge fills the wallet: only the platform's provider pays it.
  const { choices, method: payWith, setMethod } = usePaymentChoice('recharge', selected ?? 0)

  async function pay() {
    if (selected === null || payWith === null) return
    try {
      const { intent, start } = await recharge.mutateAsync({ amountFen: selected, method: payWith })
      // H5 leaves for the cashier and comes back to the result page by itself (hash route).
      const outcome = await payAtProvider(start, `/#${resultPath(intent.intentNo)}`)
      if (outcome !== 'redirected') void Taro.redirectTo({ url: resultPath(intent.intentNo) })
    } catch (error) {
      void Taro.showToast({ title: userMessage(error), icon: 'none', duration: 2500 })
    }
  }

  return (
    <View className='recharge'>
      <QueryState query={options} rows={6}>
        {() => (
          <>
            <View className='recharge__tier'>当前等级：{TIER_NAMES[options.data!.tier]}</View>
            <View className='recharge__grid'>
              {options.data!.options.map((option) => {
                const upgrade = option.tierAfter !== options.data!.tier
                return (
                  <View
                    key={option.amountFen}
                    className={`recharge__option${option.amountFen === selected ? ' recharge__option--chosen' : ''}`}
                    data-amount={option.amountFen}
                    onClick={() => setChosen(option.amountFen)}
                  >
                    <Money fen={option.amountFen} className='recharge__amount' />
                    <View className={`recharge__reach${upgrade ? ' recharge__reach--up' : ''}`}>{upgrade ? `升级${TIER_NAMES[option.tierAfter]}` : `保持${TIER_NAMES[option.tierAfter]}`}</View>
                  </View>
                )
              })}
            </View>
            <PaymentSheet choices={choices} value={payWith} onChange={setMethod} />
            <View className='recharge__pay'>
              <Button type='primary' block size='large' loading={recharge.isPending} disabled={selected === null || payWith === null} onClick={() => void pay()}>
                {selected === null ? '请选择充值金额' : '立即充值'}
              </Button>
            </View>
            <View className='recharge__note'>充值实时到账，近 12 个月累计充值满 ¥1000 / ¥3000 / ¥5000 分别升级白银 / 黄金 / 钻石会员</View>
          </>
        )}
      </QueryState>
    </View>
  )
}
