/**
 * Follows the live price channel, and writes every change into the cached nearby lists
 * and station details, so screens just render their queries. Changed prices are marked for a moment.
 */
import { type QueryClient, useQueryClient } from '@tanstack/react-query'
import type { GradePrice, NearbyResult, StationDetail, SubscriptionArea } from '@fuel/shared/client'
import { useDidHide, useDidShow } from '@tarojs/taro'
import { useEffect, useState } from 'react'

import { applyPrices, changedGrades } from '../domain/prices'
import { livePricesUrl } from '../services/endpoints'
import { type FeedStatus, LivePriceFeed, type PriceUpdate } from '../services/live-prices'
import { rememberLive } from '../services/live-overlay'
import { liveSocketFactory } from '../services/live-socket'
import { markChanged } from '../services/price-flash'
import { queryKeys } from '../services/queries'

export type LiveTarget = { area: SubscriptionArea } | { stationIds: number[] }

function patchCaches(client: QueryClient, update: PriceUpdate): void {
  rememberLive(update.stationId, update.kind === 'snapshot' ? update.prices : update.changes)
  let before: GradePrice[] | undefined
  let after: GradePrice[] | undefined
  client.setQueriesData<NearbyResult>({ queryKey: queryKeys.nearbyAll }, (data) => {
    if (!data?.items.some((s) => s.id === update.stationId)) return data
    return {
      ...data,
      items: data.items.map((s) => {
        if (s.id !== update.stationId) return s
        const prices = applyPrices(s.prices, update)
        before ??= s.prices
        after ??= prices
        return { ...s, prices }
      }),
    }
  })
  client.setQueriesData<StationDetail>({ queryKey: queryKeys.stationAll }, (detail) => {
    if (!detail || detail.id !== update.stationId) return detail
    const prices = applyPrices(detail.prices, update, detail.appliesTo)
    before ??= detail.prices
    after ??= prices
    return { ...detail, prices }
  })
  if (before && after) markChanged(update.stationId, changedGrades(before, after))
}

/**
 * Follows `target` while the screen is shown: a hidden page (behind another, a tab not chosen, the app in the
 * background) closes its connection, and showing it again connects afresh (snapshots bring it up to date).
 */
export function useLivePrices(target: LiveTarget | null): FeedStatus {
  const client = useQueryClient()
  const [status, setStatus] = useState<FeedStatus>('connecting')
  const [shown, setShown] = useState(true)
  useDidShow(() => setShown(true))
  useDidHide(() => setShown(false))

  // targetKey stands for target's content: a new object with the same content must not reconnect.
  const targetKey = target ? JSON.stringify(target) : ''
  useEffect(() => {
    if (!shown || !target) return
    const feed = new LivePriceFeed({ url: livePricesUrl(), connect: liveSocketFactory, onUpdate: (update) => patchCaches(client, update), onStatus: setStatus })
    if ('area' in target) feed.followArea(target.area)
    else feed.followStations(target.stationIds)
    return () => feed.stop()
  }, [client, shown, targetKey])

  return status
}
