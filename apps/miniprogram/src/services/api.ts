/**
 * The gateway client every backend module uses, wired to the member's session. API_BASE is fixed at build time
 * (config/index.ts): '' on H5 (same origin), the gateway's absolute URL on the mini-program platforms.
 */
import type { MemberSession } from '@fuel/shared/client'

import { createRefresher } from './auth/refresher'
import { createApiClient } from './request'
import { getSession, reloadSession, setSession } from './session'

type Listener = () => void
const signInListeners = new Set<Listener>()

/** The app shell listens and opens the sign-in page; the request layer itself never navigates. */
export function onSignInRequired(listener: Listener): () => void {
  signInListeners.add(listener)
  return () => signInListeners.delete(listener)
}

export const refresher = createRefresher({
  getSession: reloadSession,
  setSession,
  refresh: async (refreshToken) => {
    const session = await gateway.post<MemberSession>('/api/v1/auth/refresh', { refreshToken }, { auth: false })
    return { accessToken: session.accessToken, refreshToken: session.refreshToken }
  },
  onSignInRequired: () => signInListeners.forEach((listener) => listener()),
})

export const gateway = createApiClient({
  baseUrl: API_BASE,
  auth: {
    accessToken: () => getSession()?.accessToken ?? null,
    refresh: (rejected) => refresher.refresh(rejected),
  },
})

/** Keeps a new session (after any sign-in) and lets a later expiry prompt again. */
export function startSession(session: MemberSession): void {
  setSession({ accessToken: session.accessToken, refreshToken: session.refreshToken })
  refresher.signedIn()
}

/** The member signs out: the tokens go; the app shell drops every member's data from the cache (app.tsx). */
export function signOut(): void {
  setSession(null)
}
