/**
 * The staff member's session (the staff entry), kept apart from the member's: a pump attendant may be a driver too.
 * One small observable store, like services/session.ts; the server decides whether the session still holds.
 */
import Taro from '@tarojs/taro'
import type { StaffProfile } from '@fuel/shared/client'

export interface StaffSessionState {
  accessToken: string
  staff: StaffProfile
  mustChangePassword: boolean
}

const STORAGE_KEY = 'fuel.staff-session'
type Listener = () => void
const listeners = new Set<Listener>()
let current: StaffSessionState | null = read()

function read(): StaffSessionState | null {
  try {
    const stored = Taro.getStorageSync(STORAGE_KEY) as unknown
    const value = typeof stored === 'string' && stored ? (JSON.parse(stored) as Partial<StaffSessionState>) : null
    return value && typeof value.accessToken === 'string' && value.staff ? (value as StaffSessionState) : null
  } catch {
    return null
  }
}

export function getStaffSession(): StaffSessionState | null {
  return current
}

export function setStaffSession(session: StaffSessionState | null): void {
  current = session
  try {
    if (session) Taro.setStorageSync(STORAGE_KEY, JSON.stringify(session))
    else Taro.removeStorageSync(STORAGE_KEY)
  } catch {
    // storage unavailable: the session lives for this run
  }
  listeners.forEach((listener) => listener())
}

export function subscribeStaffSession(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
