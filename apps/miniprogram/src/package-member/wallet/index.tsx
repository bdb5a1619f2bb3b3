import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Tabs } from '@nutui/nutui-react-taro'
import type { WalletEntry } from '@fuel/shared/client'
import { useState } from 'react'

import { Money } from '../../components/money'
import { LoadMore } from '../../components/load-more'
import { QueryState } from '../../components/query-state'
import { shanghaiMinute, WALLET_KIND_NAMES } from '../../domain/labels'
import { useWallet, useWalletRecords, type WalletRecordKind } from '../../services/queries'

import './index.css'

const TABS: Array<{ value: WalletRecordKind; title: string }> = [
  { value: 'all', title: '全部' },
  { value: 'recharge', title: '充值' },
  { value: 'spending', title: '消费' },
]

export default function WalletPage() {
  const wallet = useWallet()
  const [kind, setKind] = useState<WalletRecordKind>('all')
  return (
    <View className='wallet'>
      <View className='wallet__card'>
        <View className='wallet__label'>钱包余额</View>
        <QueryState query={wallet} rows={2}>
          {() => (
            <>
              <Money fen={wallet.data!.balanceFen} className='wallet__balance' />
              <View className='wallet__totals'>
                <View>
                  累计充值 <Money fen={wallet.data!.totalRechargedFen} />
                </View>
                <View>
                  累计消费 <Money fen={wallet.data!.totalSpentFen} />
                </View>
              </View>
            </>
          )}
        </QueryState>
        <Button className='wallet__recharge' type='default' block onClick={() => void Taro.navigateTo({ url: '/package-member/recharge/index' })}>
          充值
        </Button>
        <View className='wallet__note'>充值实时到账，累计充值可升级会员等级</View>
      </View>
      <Tabs value={kind} onChange={(value) => setKind(value as WalletRecordKind)}>
        {TABS.map((tab) => (
          <Tabs.TabPane key={tab.value} value={tab.value} title={tab.title} />
        ))}
      </Tabs>
      <Records kind={kind} />
    </View>
  )
}

function Records({ kind }: { kind: WalletRecordKind }) {
  const records = useWalletRecords(kind)
  const entries = records.data?.pages.flatMap((page) => page.items) ?? []
  return (
    <QueryState query={records} empty={entries.length === 0} emptyText={kind === 'recharge' ? '暂无充值记录' : kind === 'spending' ? '暂无消费记录' : '暂无钱包记录'}>
      {() => (
        <View className='wallet__records'>
          {entries.map((entry) => (
            <Record key={entry.id} entry={entry} />
          ))}
          <LoadMore list={records} endClassName='wallet__end' />
        </View>
      )}
    </QueryState>
  )
}

function Record({ entry }: { entry: WalletEntry }) {
  return (
    <View className='wallet__record' data-kind={entry.kind}>
      <View className='wallet__record-left'>
        <View className='wallet__record-title'>{WALLET_KIND_NAMES[entry.kind]}</View>
        {entry.memo && <View className='wallet__record-memo'>{entry.memo}</View>}
        <View className='wallet__record-time'>{shanghaiMinute(entry.createdAt)}</View>
      </View>
      <View className='wallet__record-right'>
        <Money fen={entry.amountFen} signed className={entry.amountFen >= 0 ? 'wallet__in' : 'wallet__out'} />
        <View className='wallet__record-after'>
          余额 <Money fen={entry.balanceAfterFen} />
        </View>
      </View>
    </View>
  )
}
