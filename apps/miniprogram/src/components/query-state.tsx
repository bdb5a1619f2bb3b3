import { View } from '@tarojs/components'
import { Button, Empty, Skeleton } from '@nutui/nutui-react-taro'
import type { ReactNode } from 'react'

import { userMessage } from '../domain/error-messages'

import './query-state.css'

interface QueryLike {
  isPending: boolean
  isError: boolean
  error: unknown
  isFetching?: boolean
  refetch: () => unknown
}

/**
 * The loading, error and empty states every screen shows the same way. The error state says what went wrong in
 * words (never a code) and retries by itself (react-query refetches transient failures); the button is for the
 * impatient. NutUI's Empty would load its pictures from a remote CDN: ours are drawn locally.
 */
export function QueryState({ query, empty, emptyText, rows = 4, describe = userMessage, children }: { query: QueryLike; empty?: boolean; emptyText?: string; rows?: number; describe?: (error: unknown) => string; children: () => ReactNode }) {
  if (query.isPending && !query.isError) {
    return (
      <View className='query-state query-state--loading' aria-busy='true'>
        <Skeleton rows={rows} animated />
        <View className='query-state__hint'>加载中…</View>
      </View>
    )
  }
  if (query.isError) {
    return (
      <View className='query-state query-state--error' role='alert'>
        <Empty image={<View className='query-state__icon query-state__icon--error'>!</View>} title={describe(query.error)} description='恢复后将自动刷新' />
        <View className='query-state__action'>
          <Button size='small' type='primary' fill='outline' loading={query.isFetching} onClick={() => void query.refetch()}>
            重新加载
          </Button>
        </View>
      </View>
    )
  }
  if (empty) {
    return (
      <View className='query-state query-state--empty'>
        <Empty image={<View className='query-state__icon'>空</View>} description={emptyText ?? '暂无数据'} />
      </View>
    )
  }
  return <>{children()}</>
}
