/** WeChat: wx.login's code signs in (code2session on the server). */
import Taro from '@tarojs/taro'
import type { MemberSession } from '@fuel/shared/client'

import { gateway } from './api'
import type { SignInMethod } from './platform'

export const signInMethod: SignInMethod = { label: '微信一键登录', needsName: false, note: null, available: true }

export async function signIn(): Promise<MemberSession> {
  const { code } = await Taro.login()
  return gateway.post<MemberSession>('/api/v1/auth/wechat/login', { code }, { auth: false })
}

export { locate, navigateTo } from './platform-mini'
