import Taro, { useRouter } from '@tarojs/taro'
import { useEffect } from 'react'
import type { StaffRole } from '@fuel/shared/client'

import { useStaffSession } from '../services/staff-api'
import type { StaffSessionState } from '../services/staff-session'

/**
 * The staff pages' entry check: no session (or one the server ended) → sign-in; a password that must change →
 * the change screen; a role outside the screen → the staff home. The server enforces all of it again; this only
 * spares the user a screen of refusals.
 */
export function useStaffGate(roles?: StaffRole[], options: { passwordChange?: boolean } = {}): StaffSessionState | null {
  const session = useStaffSession()
  const allowed = session !== null && (options.passwordChange || !session.mustChangePassword) && (!roles || roles.includes(session.staff.role))
  useEffect(() => {
    if (!session) void Taro.redirectTo({ url: '/package-staff/login/index?reason=expired' })
    else if (session.mustChangePassword && !options.passwordChange) void Taro.redirectTo({ url: '/package-staff/password/index' })
    else if (roles && !roles.includes(session.staff.role)) void Taro.redirectTo({ url: '/package-staff/home/index' })
  }, [session, allowed]) // eslint-disable-line react-hooks/exhaustive-deps
  return allowed ? session : null
}

/**
 * The station a station screen shows: the staff member's own, or for a regional admin the one named in the page's
 * `stationId` (opened from the dashboard; the server checks it is in their region).
 */
export function useStationOfPage(session: StaffSessionState | null): number | null {
  const asked = Number(useRouter().params.stationId)
  if (!session) return null
  if (session.staff.role === 'regional_admin') return Number.isInteger(asked) && asked > 0 ? asked : null
  return session.staff.stationId
}
