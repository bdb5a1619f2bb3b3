/**
 * Renews the member's session after a 401, once for everyone: concurrent requests that all got 401 wait for the
 * same refresh. When the refresh token is refused (expired, used, revoked) the session is dropped and
 * `onSignInRequired` fires once, until the member signs in again: a failed refresh never loops.
 */
import type { Tokens } from '../session'

export interface RefresherDeps {
  getSession(): Tokens | null
  setSession(tokens: Tokens | null): void
  /** POST /auth/refresh; rejects with the status of the refusal (0 when no answer came). */
  refresh(refreshToken: string): Promise<Tokens>
  onSignInRequired(): void
}

export interface Refresher {
  refresh(): Promise<boolean>
  /** A new session exists: a later expiry may prompt again. */
  signedIn(): void
}

export function createRefresher(deps: RefresherDeps): Refresher {
  let inflight: Promise<boolean> | null = null
  let prompted = false

  function requireSignIn(): void {
    deps.setSession(null)
    if (prompted) return
    prompted = true
    deps.onSignInRequired()
  }

  async function run(): Promise<boolean> {
    const tokens = deps.getSession()
    if (!tokens) {
      requireSignIn()
      return false
    }
    try {
      deps.setSession(await deps.refresh(tokens.refreshToken))
      return true
    } catch (error) {
      const status = (error as { status?: unknown }).status
      // No answer (offline, gateway down): keep the session, the caller shows a network error and retries later.
      if (status === 0 || (typeof status === 'number' && status >= 500)) return false
      requireSignIn()
      return false
    }
  }

  return {
    refresh() {
      inflight ??= run().finally(() => {
        inflight = null
      })
      return inflight
    },
    signedIn() {
      prompted = false
    },
  }
}
