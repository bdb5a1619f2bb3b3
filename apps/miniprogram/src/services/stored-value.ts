/**
 * A value the app keeps in storage across restarts, as one small observable store: read once at start, written
 * through on every change, and the screens told (useSyncExternalStore). Storage that is full or unavailable only
 * costs persistence: the value still lives for this run.
 */
import Taro from '@tarojs/taro'

export interface StoredValue<T> {
  get(): T | null
  set(value: T | null): void
  /** Reads storage again (another H5 tab may have changed it); listeners hear of it when it differs. */
  reload(): T | null
  subscribe(listener: () => void): () => void
}

/** `parse` accepts what was stored (JSON) only when it has the expected shape, and returns null otherwise. */
export function storedValue<T>(key: string, parse: (stored: unknown) => T | null): StoredValue<T> {
  const listeners = new Set<() => void>()
  const read = (): T | null => {
    try {
      const stored = Taro.getStorageSync(key) as unknown
      return typeof stored === 'string' && stored ? parse(JSON.parse(stored)) : null
    } catch {
      return null
    }
  }
  const notify = () => listeners.forEach((listener) => listener())
  let current = read()
  return {
    get: () => current,
    set(value) {
      current = value
      try {
        if (value) Taro.setStorageSync(key, JSON.stringify(value))
        else Taro.removeStorageSync(key)
      } catch {
        // storage full or unavailable: the value still lives for this run
      }
      notify()
    },
    reload() {
      const stored = read()
      if (JSON.stringify(stored) !== JSON.stringify(current)) {
        current = stored
        notify()
      }
      return current
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
  }
}
