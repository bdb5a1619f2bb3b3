/**
 * The member's tokens, kept in storage so a reopened app stays signed in. Screens read them through
 * `useSession()` (hooks/use-session.ts), the request layer through `getSession()`.
 */
import { storedValue } from './stored-value'

export interface Tokens {
  accessToken: string
  refreshToken: string
}

const session = storedValue<Tokens>('fuel.session', (stored) => {
  const value = stored as Partial<Tokens> | null
  return value && typeof value.accessToken === 'string' && typeof value.refreshToken === 'string' ? { accessToken: value.accessToken, refreshToken: value.refreshToken } : null
})

export const getSession = (): Tokens | null => session.get()
/** Reads the tokens again from storage: another H5 tab may have rotated them (a refresh token works once). */
export const reloadSession = (): Tokens | null => session.reload()
export const setSession = (tokens: Tokens | null): void => session.set(tokens)
export const subscribeSession = (listener: () => void): (() => void) => session.subscribe(listener)
