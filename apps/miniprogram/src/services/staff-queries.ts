/**
 * The staff entry's server state (react-query, the same cache as the driver's screens, under a 'staff' key so that
 * signing out drops it). Every call goes through staffGateway with the staff token; the server checks role and
 * station again on each.
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import type { AuditRecord, OneTimePassword, Order, Page, Region, StationSummary, PumpBoard, RedemptionResult, StationOrderView, RedemptionPreview, RegionDashboard, StaffAccount, StaffProfile, StaffRole, StationStats, StatsPeriod, StockAdjustmentReason, StockLevel } from '@fuel/shared/client'
import { useRef } from 'react'

import { saveTextFile } from './platform'
import { newIdempotencyKey } from './request-ids'
import { staffGateway } from './staff-api'

export const staffKeys = {
  all: ['staff'] as const,
  pumpBoard: (stationId: number) => ['staff', 'pump-board', stationId] as const,
  inventory: (stationId: number) => ['staff', 'inventory', stationId] as const,
  stats: (stationId: number, period: StatsPeriod) => ['staff', 'stats', stationId, period] as const,
  dashboard: (period: StatsPeriod) => ['staff', 'dashboard', period] as const,
  accounts: ['staff', 'accounts'] as const,
  orders: (stationId: number, view: StationOrderView) => ['staff', 'orders', stationId, view] as const,
  audit: (stationId: number | null, filter: AuditFilter) => ['staff', 'audit', stationId, filter.action ?? '', filter.username ?? '', filter.day ?? ''] as const,
}

export function clearStaffData(client: QueryClient): void {
  client.removeQueries({ queryKey: staffKeys.all })
}

/**
 * Paid fuel orders waiting at the pumps. With the staff channel connected (`live`), its announcements refetch the
 * board at once and a slow poll only covers a missed one; without it the board polls every 5 s.
 */
export function usePumpBoard(stationId: number, live: boolean) {
  return useQuery({ queryKey: staffKeys.pumpBoard(stationId), queryFn: () => staffGateway.get<PumpBoard>(`/api/v1/staff/stations/${stationId}/pump-board`), refetchInterval: live ? 30_000 : 5000, staleTime: 0 })
}

export function usePreviewRedemption(stationId: number) {
  return useMutation({ mutationFn: (code: string) => staffGateway.post<RedemptionPreview>(`/api/v1/staff/stations/${stationId}/redemptions/preview`, { code }) })
}

/** Confirms a code once: the same key for a retry of the same confirmation, so a lost answer cannot redeem twice. */
export function useConfirmRedemption(stationId: number) {
  const client = useQueryClient()
  const keys = useRef(new Map<string, string>())
  return useMutation({
    mutationFn: ({ code, amountFen }: { code: string; amountFen?: number }) => {
      const attempt = `${code}:${amountFen ?? ''}`
      const key = keys.current.get(attempt) ?? newIdempotencyKey()
      keys.current.set(attempt, key)
      return staffGateway.post<RedemptionResult>(`/api/v1/staff/stations/${stationId}/redemptions`, amountFen === undefined ? { code } : { code, amountFen }, { idempotencyKey: key })
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: staffKeys.pumpBoard(stationId) })
      void client.invalidateQueries({ queryKey: staffKeys.inventory(stationId) })
    },
  })
}

export function useStationOrders(stationId: number, view: StationOrderView) {
  return useQuery({ queryKey: staffKeys.orders(stationId, view), queryFn: () => staffGateway.get<Page<Order>>(`/api/v1/staff/stations/${stationId}/orders?view=${view}&pageSize=50`), staleTime: 0 })
}

/** 发货 and 退款 on a station's order; the lists refresh afterwards. */
export function useStationOrderActions(stationId: number) {
  const client = useQueryClient()
  const refresh = () => void client.invalidateQueries({ queryKey: ['staff', 'orders', stationId] })
  const ship = useMutation({ mutationFn: ({ orderNo, carrier, waybillNo }: { orderNo: string; carrier: string; waybillNo: string }) => staffGateway.post<Order>(`/api/v1/staff/stations/${stationId}/orders/${orderNo}/ship`, { carrier, waybillNo }), onSuccess: refresh })
  const refund = useMutation({ mutationFn: (orderNo: string) => staffGateway.post<Order>(`/api/v1/staff/stations/${stationId}/orders/${orderNo}/refund`), onSuccess: refresh })
  return { ship, refund }
}

export function useStockLevels(stationId: number) {
  return useQuery({ queryKey: staffKeys.inventory(stationId), queryFn: () => staffGateway.get<StockLevel[]>(`/api/v1/staff/stations/${stationId}/inventory`), staleTime: 0 })
}

export interface AdjustmentInput {
  productId: number
  delta: number
  reason: StockAdjustmentReason
  note: string
}

export function useAdjustStock(stationId: number) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (input: AdjustmentInput) => staffGateway.post<StockLevel>(`/api/v1/staff/stations/${stationId}/inventory/adjustments`, input),
    onSuccess: () => void client.invalidateQueries({ queryKey: staffKeys.inventory(stationId) }),
  })
}

export function useStationStats(stationId: number | null, period: StatsPeriod) {
  return useQuery({ queryKey: staffKeys.stats(stationId ?? 0, period), queryFn: () => staffGateway.get<StationStats>(`/api/v1/staff/stations/${stationId}/stats?period=${period}`), enabled: stationId !== null })
}

export function useRegionDashboard(period: StatsPeriod) {
  return useQuery({ queryKey: staffKeys.dashboard(period), queryFn: () => staffGateway.get<RegionDashboard>(`/api/v1/staff/region/dashboard?period=${period}`) })
}

/** The dashboard as CSV, handed to the platform (download on H5, clipboard in the mini-programs). */
export function useExportDashboard() {
  return useMutation({
    mutationFn: async (period: StatsPeriod) => {
      const csv = await staffGateway.get<string>(`/api/v1/staff/region/dashboard/export?period=${period}`, { text: true })
      return saveTextFile(`区域看板-${period}.csv`, csv)
    },
  })
}

export function useStaffAccounts() {
  return useQuery({ queryKey: staffKeys.accounts, queryFn: () => staffGateway.get<StaffAccount[]>('/api/v1/staff/accounts'), staleTime: 0 })
}

export interface NewAccount {
  username: string
  displayName: string
  role: StaffRole
  stationId: number | null
  phone: string
}

export type AccountAction = { kind: 'disable' | 'enable' | 'reset-password'; staffId: number } | { kind: 'move'; staffId: number; stationId: number }

export function useAccountActions() {
  const client = useQueryClient()
  const refresh = () => void client.invalidateQueries({ queryKey: staffKeys.accounts })
  const create = useMutation({ mutationFn: (input: NewAccount) => staffGateway.post<OneTimePassword>('/api/v1/staff/accounts', input), onSuccess: refresh })
  const act = useMutation({
    mutationFn: (action: AccountAction) =>
      staffGateway.post<StaffAccount | OneTimePassword>(`/api/v1/staff/accounts/${action.staffId}/${action.kind}`, action.kind === 'move' ? { stationId: action.stationId } : undefined),
    onSuccess: refresh,
  })
  return { create, act }
}

/** The audit log's filters: an action, a staff username, a day (Asia/Shanghai, YYYY-MM-DD). */
export interface AuditFilter {
  action?: string
  username?: string
  day?: string
}

export function useAuditLog(stationId: number | null, filter: AuditFilter = {}) {
  const query = new URLSearchParams({ pageSize: '50', ...(stationId ? { stationId: String(stationId) } : {}), ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v)) })
  return useQuery({
    queryKey: staffKeys.audit(stationId, filter),
    queryFn: () => staffGateway.get<{ items: AuditRecord[]; total: number }>(`/api/v1/staff/audit?${query.toString()}`),
    staleTime: 0,
  })
}

/** Names for what staff screens would otherwise show as ids: a region's stations and the regions. */
export function usePlaceNames(regionCode: string | null) {
  const stations = useQuery({ queryKey: ['staff', 'stations', regionCode], enabled: regionCode !== null, queryFn: () => staffGateway.get<Page<StationSummary>>(`/api/v1/stations?regionCode=${regionCode}&pageSize=100`, { auth: false }) })
  const regions = useQuery({ queryKey: ['staff', 'regions'], queryFn: () => staffGateway.get<Region[]>('/api/v1/regions', { auth: false }) })
  return {
    stations,
    station: (id: number | null) => (id === null ? null : (stations.data?.items.find((s) => s.id === id)?.name ?? `${id} 号站`)),
    region: (code: string | null) => (code === null ? null : (regions.data?.find((r) => r.code === code)?.name ?? code)),
  }
}

export function useChangePassword() {
  return useMutation({ mutationFn: (input: { currentPassword: string; newPassword: string }) => staffGateway.post<StaffProfile>('/api/v1/staff/me/password', input) })
}
