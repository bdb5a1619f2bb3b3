/**
 * The member's tokens, kept in storage so a reopened app stays signed in. One small observable store:
 * screens read it through `useSession()` (hooks/use-session.ts), the request layer through `getSession()`.
 */
import Taro from '@tarojs/taro'

export interface Tokens {
  accessToken: string
  refreshToken: string
}

const STORAGE_KEY = 'fuel.session'
type Listener = () => void
const listeners = new Set<Listener>()
let current: Tokens | null = read()

function read(): Tokens | null {
  try {
    const stored = Taro.getStorageSync(STORAGE_KEY) as unknown
    const value = typeof stored === 'string' && stored ? (JSON.parse(stored) as Partial<Tokens>) : null
    return value && typeof value.accessToken === 'string' && typeof value.refreshToken === 'string'
      ? { accessToken: value.accessToken, refreshToken: value.refreshToken }
      : null
  } catch {
    return null
  }
}

export function getSession(): Tokens | null {
  return current
}

/** Reads the tokens again from storage: another H5 tab may have rotated them (a refresh token works once). */
export function reloadSession(): Tokens | null {
  const stored = read()
  if (JSON.stringify(stored) !== JSON.stringify(current)) {
    current = stored
    listeners.forEach((listener) => listener())
  }
  return current
}

export function setSession(tokens: Tokens | null): void {
  current = tokens
  try {
    if (tokens) Taro.setStorageSync(STORAGE_KEY, JSON.stringify(tokens))
    else Taro.removeStorageSync(STORAGE_KEY)
  } catch {
    // storage full or unavailable: the session still lives for this run
  }
  listeners.forEach((listener) => listener())
}

export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
