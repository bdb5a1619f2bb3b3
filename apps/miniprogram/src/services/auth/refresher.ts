/**
 * Renews the member's session after a 401, once for everyone: concurrent requests that all got 401 wait for the
 * same refresh. When the refresh token is refused (expired, used, revoked) the session is dropped and
 * `onSignInRequired` fires once, until the member signs in again: a failed refresh never loops.
 */
import type { Tokens } from '../session'

export interface RefresherDeps {
  /** The current tokens, read again from storage (another H5 tab may have refreshed them). */
  getSession(): Tokens | null
  setSession(tokens: Tokens | null): void
  /** POST /auth/refresh; rejects with the status of the refusal (0 when no answer came). */
  refresh(refreshToken: string): Promise<Tokens>
  onSignInRequired(): void
}

export interface Refresher {
  /** After a 401 for `rejected` (the access token a request carried): true when a newer token is ready. */
  refresh(rejected: string): Promise<boolean>
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
      // Only a refused refresh token (401, or 400 for a malformed one) ends the session. No answer, a 5xx or a
      // rate limit keeps it: the caller shows its error and a later call tries again.
      const status = (error as { status?: unknown }).status
      if (status === 401 || status === 400) requireSignIn()
      return false
    }
  }

  return {
    refresh(rejected) {
      // A 401 that arrives after another request already renewed the session only needs the new token.
      const current = deps.getSession()
      if (!inflight && current && current.accessToken !== rejected) return Promise.resolve(true)
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
