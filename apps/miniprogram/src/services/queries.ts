/**
 * Server state through @tanstack/react-query: one cache, retries, and refetching after errors, instead of
 * hand-rolled useEffect fetches. Every backend read of the app is a hook here; pages only call hooks.
 */
import { QueryClient, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Address, CardPack, Coupon, FuelBreakdown, FuelGrade, MallBreakdown, MemberCode, MemberProfile, NearbyResult, Order, OrderStatus, Page, Product, ProductCategory, PaymentIntent, PaymentMethod, PaymentStart, RechargePreview, StationDetail, StoreCouponCode, Wallet, WalletEntry } from '@fuel/shared/client'
import { useRef } from 'react'

import { overlayNewer } from '../domain/prices'
import { gateway } from './api'
import { liveFor } from './live-overlay'
import type { Position } from './platform'
import { ApiError } from './request'
import { newIdempotencyKey } from './request-ids'

/** Only failures that may pass by themselves are retried: no answer, or the gateway/service unavailable. */
export function isTransient(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status >= 500)
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (count, error) => count < 2 && isTransient(error),
        retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 4000),
        staleTime: 30_000,
        // A screen in its error state tries again by itself, so it recovers when the gateway is back.
        refetchInterval: (query) => (query.state.status === 'error' && isTransient(query.state.error) ? 3000 : false),
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  })
}

export type StationSort = 'distance' | 'price'

export const queryKeys = {
  nearbyAll: ['nearby'] as const,
  nearby: (position: Position, grade: FuelGrade, sort: StationSort) => ['nearby', position.lat, position.lng, position.coordType, grade, sort] as const,
  stationAll: ['station'] as const,
  station: (id: number, signedIn: boolean) => ['station', id, signedIn] as const,
  me: ['me'] as const,
  wallet: ['wallet'] as const,
  walletRecords: (kind: WalletRecordKind) => ['wallet-records', kind] as const,
  cardPack: ['card-pack'] as const,
  rechargeOptions: ['recharge-options'] as const,
  intent: (intentNo: string) => ['payment-intent', intentNo] as const,
  fuelQuote: (request: FuelOrderInput) => ['fuel-quote', request.stationId, request.pumpNumber, request.grade, request.amountFen, request.couponIds?.join(',') ?? 'best'] as const,
  orders: (status: OrderStatus | 'all') => ['orders', status] as const,
  products: (stationId: number | null, category: ProductCategory | 'all') => ['products', stationId, category] as const,
  mallQuote: (input: MallOrderInput) => ['mall-quote', input.stationId, JSON.stringify(input.lines), input.couponIds?.join(',') ?? 'best'] as const,
  order: (orderNo: string) => ['order', orderNo] as const,
}

/** A mall basket for pickup at a station; every amount comes back from the server. */
export interface MallOrderInput {
  stationId: number
  lines: Array<{ productId: number; quantity: number }>
  couponIds?: number[]
  fulfilment?: 'pickup' | 'express'
  addressId?: number
}

/** What the driver chose at the pump; every amount comes back from the server. */
export interface FuelOrderInput {
  stationId: number
  pumpNumber: number
  grade: FuelGrade
  amountFen: number
  /** Undefined: the best coupon; []: none. */
  couponIds?: number[]
}

export const NEARBY_RADIUS_M = 3000

export function useNearbyStations(position: Position | null, grade: FuelGrade, sort: StationSort) {
  return useQuery({
    queryKey: position ? queryKeys.nearby(position, grade, sort) : ['nearby', 'no-position'],
    enabled: position !== null,
    queryFn: () => {
      const p = position!
      const query = `lat=${p.lat}&lng=${p.lng}&radius=${NEARBY_RADIUS_M}&coordType=${p.coordType}&grade=${grade}&sort=${sort}&limit=50`
      return gateway.get<NearbyResult>(`/api/v1/stations/nearby?${query}`)
    },
    placeholderData: (previous) => previous,
    select: (result) => ({ ...result, items: result.items.map((s) => ({ ...s, prices: overlayNewer(s.prices, liveFor(s.id)) })) }),
  })
}

export function useStation(id: number, signedIn: boolean) {
  return useQuery({
    queryKey: queryKeys.station(id, signedIn),
    enabled: Number.isInteger(id) && id > 0,
    queryFn: () => gateway.get<StationDetail>(`/api/v1/stations/${id}`),
    select: (detail) => ({ ...detail, prices: overlayNewer(detail.prices, liveFor(detail.id), detail.appliesTo) }),
  })
}

export function useMe(signedIn: boolean) {
  return useQuery({ queryKey: queryKeys.me, enabled: signedIn, queryFn: () => gateway.get<MemberProfile>('/api/v1/me') })
}

export function useWallet() {
  return useQuery({ queryKey: queryKeys.wallet, queryFn: () => gateway.get<Wallet>('/api/v1/me/wallet') })
}

export type WalletRecordKind = 'all' | 'recharge' | 'spending'
const RECORDS_PAGE_SIZE = 20

export function useWalletRecords(kind: WalletRecordKind) {
  return useInfiniteQuery({
    queryKey: queryKeys.walletRecords(kind),
    initialPageParam: 1,
    queryFn: ({ pageParam }) => gateway.get<Page<WalletEntry>>(`/api/v1/me/wallet/records?kind=${kind}&page=${pageParam}&pageSize=${RECORDS_PAGE_SIZE}`),
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  })
}

/** `live`: refreshed every 5 s (while a coupon is shown at the counter, so its use shows up without a tap). */
export function useCardPack({ live = false } = {}) {
  return useQuery({ queryKey: queryKeys.cardPack, queryFn: () => gateway.get<CardPack>('/api/v1/me/coupons'), ...(live ? { refetchInterval: 5000 } : {}) })
}

/**
 * A mutation whose Idempotency-Key belongs to the user's action: a retry of the same action (same values) after
 * a failure that may have landed (no answer, 5xx) reuses it, so the gateway replays rather than doing it twice.
 * Other values, or a definite refusal, start a new action with a new key.
 */
function useAction<TVars, TResult>(run: (vars: TVars, idempotencyKey: string) => Promise<TResult>, onSuccess: (result: TResult) => void) {
  const action = useRef<{ vars: string; key: string } | null>(null)
  return useMutation({
    mutationFn: (vars: TVars) => {
      const signature = JSON.stringify(vars ?? null)
      if (action.current?.vars !== signature) action.current = { vars: signature, key: newIdempotencyKey() }
      return run(vars, action.current.key)
    },
    onSuccess: (result) => {
      action.current = null
      onSuccess(result)
    },
    onError: (error) => {
      if (!isTransient(error)) action.current = null
    },
  })
}

export function useRechargeOptions() {
  return useQuery({ queryKey: queryKeys.rechargeOptions, queryFn: () => gateway.get<RechargePreview & { minFen: number; maxFen: number }>('/api/v1/payments/recharge-options') })
}

/** A payment's intent, asked again every second while the provider's answer is on its way (up to a minute). */
export function usePaymentIntent(intentNo: string) {
  const since = useRef(Date.now())
  return useQuery({
    queryKey: queryKeys.intent(intentNo),
    enabled: /^P[0-9A-Z]{10,30}$/.test(intentNo),
    queryFn: () => gateway.get<PaymentIntent>(`/api/v1/payments/intents/${intentNo}`),
    refetchInterval: (query) => {
      const intent = query.state.data
      const waiting = !intent || intent.status === 'created' || intent.status === 'paying'
      return waiting && Date.now() - since.current < 60_000 ? 1000 : false
    },
  })
}

/** A recharge: the intent, then an attempt with the chosen provider; one idempotency key per amount and method. */
export function useStartRecharge() {
  return useAction(
    async ({ amountFen, method }: { amountFen: number; method: PaymentMethod }, idempotencyKey: string): Promise<{ intent: PaymentIntent; start: PaymentStart }> => {
      const intent = await gateway.post<PaymentIntent>('/api/v1/payments/recharges', { amountFen }, { idempotencyKey })
      const start = await gateway.post<PaymentStart>(`/api/v1/payments/intents/${intent.intentNo}/attempts`, { method }, { idempotencyKey: `${idempotencyKey}:a` })
      return { intent, start }
    },
    () => undefined,
  )
}

/** The server's price for this pump and amount (nothing held); asked again as the driver changes it. */
export function useFuelQuote(input: FuelOrderInput | null) {
  return useQuery({
    queryKey: input ? queryKeys.fuelQuote(input) : ['fuel-quote', 'none'],
    enabled: input !== null,
    queryFn: () => gateway.post<FuelBreakdown>('/api/v1/orders/fuel/quote', input),
    placeholderData: (previous) => previous,
    retry: (count, error) => isTransient(error) && count < 2,
  })
}

/** Places the fuel order (coupons held, intent created), then pays it with the chosen method: one action, one key. */
export function usePayFuel() {
  const client = useQueryClient()
  return useAction(
    async ({ input, method }: { input: FuelOrderInput; method: PaymentMethod }, idempotencyKey: string): Promise<{ order: Order; start: PaymentStart }> => {
      const order = await gateway.post<Order>('/api/v1/orders/fuel', input, { idempotencyKey })
      const start = await gateway.post<PaymentStart>(`/api/v1/payments/intents/${order.intentNo}/attempts`, { method }, { idempotencyKey: `${idempotencyKey}:a` })
      return { order, start }
    },
    () => {
      for (const queryKey of [['orders'], queryKeys.wallet, ['wallet-records'], queryKeys.cardPack]) void client.invalidateQueries({ queryKey })
    },
  )
}

/** The catalogue at a station: what can be ordered there now (stock), by category. */
export function useProducts(stationId: number | null, category: ProductCategory | 'all') {
  return useQuery({
    queryKey: queryKeys.products(stationId, category),
    enabled: stationId !== null,
    queryFn: () => gateway.get<Page<Product>>(`/api/v1/products?stationId=${stationId}&pageSize=100${category === 'all' ? '' : `&category=${category}`}`),
    placeholderData: (previous) => previous,
  })
}

/** A station's best sellers (a ranking the server keeps for a few minutes). */
export function useHotProducts(stationId: number | null) {
  return useQuery({ queryKey: ['products', 'hot', stationId], enabled: stationId !== null, queryFn: () => gateway.get<Product[]>(`/api/v1/products/hot?stationId=${stationId}`) })
}

export function useMallQuote(input: MallOrderInput | null) {
  return useQuery({
    queryKey: input ? queryKeys.mallQuote(input) : ['mall-quote', 'none'],
    enabled: input !== null,
    queryFn: () => gateway.post<MallBreakdown>('/api/v1/orders/mall/quote', { stationId: input!.stationId, lines: input!.lines, couponIds: input!.couponIds }),
    placeholderData: (previous) => previous,
    retry: (count, error) => isTransient(error) && count < 2,
  })
}

/** Places the mall order (stock reserved, coupons held, intent created), then pays it: one action, one key. */
export function usePayMall() {
  const client = useQueryClient()
  return useAction(
    async ({ input, method }: { input: MallOrderInput; method: PaymentMethod }, idempotencyKey: string): Promise<{ order: Order; start: PaymentStart }> => {
      const order = await gateway.post<Order>('/api/v1/orders/mall', { fulfilment: 'pickup', ...input }, { idempotencyKey })
      const start = await gateway.post<PaymentStart>(`/api/v1/payments/intents/${order.intentNo}/attempts`, { method }, { idempotencyKey: `${idempotencyKey}:a` })
      return { order, start }
    },
    () => {
      for (const queryKey of [['orders'], ['products'], queryKeys.wallet, ['wallet-records'], queryKeys.cardPack]) void client.invalidateQueries({ queryKey })
    },
  )
}

/** Pays an existing unpaid order (another attempt on its intent). */
export function usePayOrder() {
  return useAction(({ intentNo, method }: { intentNo: string; method: PaymentMethod }, idempotencyKey: string) => gateway.post<PaymentStart>(`/api/v1/payments/intents/${intentNo}/attempts`, { method }, { idempotencyKey }), () => undefined)
}

export function useOrders(status: OrderStatus | 'all') {
  return useInfiniteQuery({
    queryKey: queryKeys.orders(status),
    initialPageParam: 1,
    queryFn: ({ pageParam }) => gateway.get<Page<Order>>(`/api/v1/orders?page=${pageParam}&pageSize=20${status === 'all' ? '' : `&status=${status}`}`),
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  })
}

/** An order, asked again every 2 s while its payment or refund is on its way (up to a minute). */
export function useOrder(orderNo: string) {
  const since = useRef(Date.now())
  return useQuery({
    queryKey: queryKeys.order(orderNo),
    enabled: /^[FM]\d{8}[0-9A-Z]{8}$/.test(orderNo),
    queryFn: () => gateway.get<Order>(`/api/v1/orders/${orderNo}`),
    refetchInterval: (query) => {
      const status = query.state.data?.status
      const moving = status === 'pending_payment' || status === 'refund_requested'
      return moving && Date.now() - since.current < 60_000 ? 2000 : false
    },
  })
}

/** Cancel or refund: the order comes back changed; lists, wallet and coupons are read again. */
export function useOrderAction(action: 'cancel' | 'refund') {
  const client = useQueryClient()
  return useAction(
    (orderNo: string, idempotencyKey: string) => gateway.post<Order>(`/api/v1/orders/${orderNo}/${action}`, {}, { idempotencyKey }),
    (order) => {
      client.setQueryData(queryKeys.order(order.orderNo), order)
      for (const queryKey of [['orders'], queryKeys.wallet, queryKeys.cardPack, queryKeys.me]) void client.invalidateQueries({ queryKey })
    },
  )
}

/** Everything that belongs to the signed-in member (their own prices included): dropped when the session ends. */
export function clearMemberData(client: QueryClient): void {
  for (const queryKey of [queryKeys.me, queryKeys.wallet, ['wallet-records'], queryKeys.cardPack, queryKeys.stationAll, queryKeys.rechargeOptions, ['payment-intent'], ['orders'], ['order'], ['fuel-quote'], ['addresses']]) client.removeQueries({ queryKey })
}

export function useAddresses() {
  return useQuery({ queryKey: ['addresses'], queryFn: () => gateway.get<Address[]>('/api/v1/me/addresses') })
}

export function useAddAddress() {
  const client = useQueryClient()
  return useAction(
    (input: Omit<Address, 'id' | 'isDefault'> & { isDefault?: boolean }, idempotencyKey) => gateway.post<Address>('/api/v1/me/addresses', input, { idempotencyKey }),
    () => void client.invalidateQueries({ queryKey: ['addresses'] }),
  )
}

export function useRemoveAddress() {
  const client = useQueryClient()
  return useAction(
    (id: number, idempotencyKey) => gateway.delete<{ removed: true }>(`/api/v1/me/addresses/${id}`, { idempotencyKey }),
    () => void client.invalidateQueries({ queryKey: ['addresses'] }),
  )
}

export function useUpdateProfile() {
  const client = useQueryClient()
  return useAction(
    (changes: { nickname?: string; birthday?: string }, idempotencyKey) => gateway.patch<MemberProfile>('/api/v1/me', changes, { idempotencyKey }),
    (profile) => client.setQueryData(queryKeys.me, profile),
  )
}

export function useBindPhone() {
  const client = useQueryClient()
  return useAction(
    (code: string, idempotencyKey) => gateway.post<MemberProfile>('/api/v1/me/phone', { code }, { idempotencyKey }),
    (profile) => client.setQueryData(queryKeys.me, profile),
  )
}

/** A fresh in-store code each time the coupon is opened for the counter (it lives 5 minutes; never cached). */
export function useStoreCouponCode(couponId: number) {
  return useQuery({ queryKey: ['store-coupon-code', couponId], queryFn: () => gateway.post<StoreCouponCode>(`/api/v1/me/coupons/${couponId}/store-code`), staleTime: 0, gcTime: 0, refetchInterval: 4 * 60_000 })
}

/**
 * 会员码: a new one every 55 s, never cached. A code is taken in its minute and the next, so the one shown is always
 * good for a minute after it was fetched, whatever the device's clock says.
 */
export function useMemberCode() {
  return useQuery({ queryKey: ['member-code'], queryFn: () => gateway.get<MemberCode>('/api/v1/me/member-code'), staleTime: 0, gcTime: 0, refetchInterval: 55_000 })
}

export function useClaimMemberDay() {
  const client = useQueryClient()
  return useAction(
    (_: void, idempotencyKey) => gateway.post<Coupon>('/api/v1/me/coupons/member-day', {}, { idempotencyKey }),
    () => void client.invalidateQueries({ queryKey: queryKeys.cardPack }),
  )
}
