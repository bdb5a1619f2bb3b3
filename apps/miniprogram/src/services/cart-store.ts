/** The cart, kept on the device (Taro storage) and shared by every screen through one small store. */
import Taro from '@tarojs/taro'
import { useSyncExternalStore } from 'react'

import { EMPTY_CART, type Cart } from '../domain/cart'

const STORAGE_KEY = 'fuel.cart'
const listeners = new Set<() => void>()

function load(): Cart {
  try {
    const stored = Taro.getStorageSync(STORAGE_KEY) as Cart | ''
    return stored && Array.isArray(stored.lines) ? stored : EMPTY_CART
  } catch {
    return EMPTY_CART
  }
}

let current = load()

export function updateCart(change: (cart: Cart) => Cart): void {
  current = change(current)
  Taro.setStorageSync(STORAGE_KEY, current)
  for (const listener of listeners) listener()
}

export function useCart(): Cart {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    () => current,
  )
}
