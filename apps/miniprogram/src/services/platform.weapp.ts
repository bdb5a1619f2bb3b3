/** WeChat: wx.login's code signs in (code2session on the server); positions come in GCJ-02. */
import Taro from '@tarojs/taro'
import type { MemberSession } from '@fuel/shared/client'

import { gateway } from './api'
import type { Position, SignInMethod } from './platform'

export const signInMethod: SignInMethod = { label: '微信一键登录', needsName: false, note: null, available: true }

export async function signIn(): Promise<MemberSession> {
  const { code } = await Taro.login()
  return gateway.post<MemberSession>('/api/v1/auth/wechat/login', { code }, { auth: false })
}

export async function locate(): Promise<Position | null> {
  try {
    const { latitude, longitude } = await Taro.getLocation({ type: 'gcj02' })
    return { lat: latitude, lng: longitude, coordType: 'gcj02' }
  } catch {
    return null
  }
}

export function navigateTo(place: { lat: number; lng: number; name: string; address: string }): void {
  void Taro.openLocation({ latitude: place.lat, longitude: place.lng, name: place.name, address: place.address, scale: 16 })
}
