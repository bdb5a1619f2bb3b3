import { useQuery } from '@tanstack/react-query'

import { locate, type Position } from '../services/platform'

/** 天府广场, Chengdu's centre (GCJ-02): where the list starts when the position is denied or unavailable. */
export const CITY_CENTRE: Position = { lat: 30.65742, lng: 104.06583, coordType: 'gcj02' }
export const CITY_CENTRE_NAME = '成都市中心（天府广场）'

/** The driver's position, asked once per app run; falls back to the city centre, saying so. */
export function useDriverPosition(): { position: Position | null; fallback: boolean } {
  const located = useQuery({ queryKey: ['position'], queryFn: locate, staleTime: Infinity, gcTime: Infinity, retry: false })
  if (located.isPending) return { position: null, fallback: false }
  const position = located.data ?? null
  return position ? { position, fallback: false } : { position: CITY_CENTRE, fallback: true }
}
