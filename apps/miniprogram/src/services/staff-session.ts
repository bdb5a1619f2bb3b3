/**
 * The staff member's session (the staff entry), kept apart from the member's: a pump attendant may be a driver too.
 * The server decides whether the session still holds.
 */
import type { StaffProfile } from '@fuel/shared/client'

import { storedValue } from './stored-value'

export interface StaffSessionState {
  accessToken: string
  staff: StaffProfile
  mustChangePassword: boolean
}

const session = storedValue<StaffSessionState>('fuel.staff-session', (stored) => {
  const value = stored as Partial<StaffSessionState> | null
  return value && typeof value.accessToken === 'string' && value.staff ? (value as StaffSessionState) : null
})

export const getStaffSession = (): StaffSessionState | null => session.get()
export const setStaffSession = (value: StaffSessionState | null): void => session.set(value)
export const subscribeStaffSession = (listener: () => void): (() => void) => session.subscribe(listener)
