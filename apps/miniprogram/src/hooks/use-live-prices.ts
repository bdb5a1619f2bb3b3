/**
 * Follows the live price channel while a screen is shown, and writes every change into the cached nearby lists
 * and station details, so screens just render their queries. Changed prices are marked for a moment.
 */
import { type QueryClient, useQueryClient } from '@tanstack/react-query'
import type { GradePrice, NearbyResult, StationDetail, SubscriptionArea } from '@fuel/shared/client'
import { useEffect, useRef, useState } from 'react'

import { applyPrices, changedGrades } from '../domain/prices'
import { livePricesUrl } from '../services/endpoints'
import { type FeedStatus, LivePriceFeed, type PriceUpdate, taroSocketFactory } from '../services/live-prices'
import { markChanged } from '../services/price-flash'
import { queryKeys } from '../services/queries'

export type LiveTarget = { area: SubscriptionArea } | { stationIds: number[] }

function patchCaches(client: QueryClient, update: PriceUpdate): void {
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

export function useLivePrices(target: LiveTarget | null): FeedStatus {
  const client = useQueryClient()
  const [status, setStatus] = useState<FeedStatus>('connecting')
  const feed = useRef<LivePriceFeed | null>(null)

  useEffect(() => {
    const live = new LivePriceFeed({ url: livePricesUrl(), connect: taroSocketFactory(), onUpdate: (update) => patchCaches(client, update), onStatus: setStatus })
    feed.current = live
    return () => {
      live.stop()
      feed.current = null
    }
  }, [client])

  const targetKey = target ? JSON.stringify(target) : ''
  useEffect(() => {
    if (!target || !feed.current) return
    if ('area' in target) feed.current.followArea(target.area)
    else feed.current.followStations(target.stationIds)
    // targetKey stands for target's content: a new object with the same content must not resubscribe.
  }, [targetKey])

  return status
}
