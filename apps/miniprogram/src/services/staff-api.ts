/**
 * The staff entry's gateway client: the same request layer, with the staff token. Staff sessions have no refresh
 * token (MLPS: idle timeout, shift limit): a 401 ends the session here, and the staff pages go back to sign-in.
 */
import { useSyncExternalStore } from 'react'
import type { SmsChallenge, StaffSession } from '@fuel/shared/client'

import { createApiClient } from './request'
import { getStaffSession, setStaffSession, subscribeStaffSession, type StaffSessionState } from './staff-session'

export const staffGateway = createApiClient({
  baseUrl: API_BASE,
  auth: {
    accessToken: () => getStaffSession()?.accessToken ?? null,
    refresh: async () => {
      setStaffSession(null)
      return false
    },
  },
})

export function useStaffSession(): StaffSessionState | null {
  return useSyncExternalStore(subscribeStaffSession, getStaffSession, getStaffSession)
}

export function requestStaffCode(username: string, password: string): Promise<SmsChallenge> {
  return staffGateway.post<SmsChallenge>('/api/v1/staff/auth/login', { username, password }, { auth: false })
}

export async function verifyStaffCode(challengeId: string, code: string): Promise<StaffSessionState> {
  const session = await staffGateway.post<StaffSession>('/api/v1/staff/auth/verify', { challengeId, code }, { auth: false })
  const state = { accessToken: session.accessToken, staff: session.staff, mustChangePassword: session.mustChangePassword }
  setStaffSession(state)
  return state
}

/** Ends the session on the server first (so a copied token is dead too), then here, whatever the server said. */
export async function staffSignOut(): Promise<void> {
  await staffGateway.post('/api/v1/staff/auth/logout').catch(() => undefined)
  setStaffSession(null)
}

export function passwordChanged(): void {
  const session = getStaffSession()
  if (session) setStaffSession({ ...session, mustChangePassword: false })
}
