/** WeChat: wx.login's code signs in (code2session on the server). */
import Taro from '@tarojs/taro'
import type { MemberSession, PaymentStart } from '@fuel/shared/client'

import { gateway } from './api'
import type { ProviderMethod } from '../domain/payment-methods'
import type { SignInMethod } from './platform'

export const signInMethod: SignInMethod = { label: '微信一键登录', needsName: false, note: null, available: true }

export async function signIn(): Promise<MemberSession> {
  const { code } = await Taro.login()
  return gateway.post<MemberSession>('/api/v1/auth/wechat/login', { code }, { auth: false })
}

export const providerMethod: ProviderMethod = { method: 'wechat', label: '微信支付' }

export async function payAtProvider(start: PaymentStart): Promise<'paid' | 'cancelled'> {
  if (!start.wechat) throw new Error('no WeChat Pay parameters')
  const { timeStamp, nonceStr, package: pkg, signType, paySign } = start.wechat
  try {
    await Taro.requestPayment({ timeStamp, nonceStr, package: pkg, signType, paySign })
    return 'paid'
  } catch (error) {
    // The payer closed the sheet: not a failure. The server learns the outcome from WeChat's notification either way.
    if (/cancel/.test(String((error as { errMsg?: string }).errMsg))) return 'cancelled'
    throw error
  }
}

export { locate, navigateTo, saveTextFile, scanCode, signal } from './platform-mini'
