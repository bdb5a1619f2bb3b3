import Taro from '@tarojs/taro'
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
