import Taro from '@tarojs/taro'
import { useSyncExternalStore } from 'react'

import { getSession, subscribeSession } from '../services/session'

/** Whether a member is signed in, kept current across screens. */
export function useSignedIn(): boolean {
  return useSyncExternalStore(subscribeSession, () => getSession() !== null, () => getSession() !== null)
}

/** Opens a page that needs a member (fuelling, checkout): the page itself when signed in, else 登录 first. */
export function openAsMember(url: string, signedIn: boolean): void {
  void Taro.navigateTo({ url: signedIn ? url : '/package-member/login/index' })
}
