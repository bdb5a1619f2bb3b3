/** Alipay: my.getAuthCode's code signs in (alipay.system.oauth.token on the server). */
import type { MemberSession, PaymentStart } from '@fuel/shared/client'

import { gateway } from './api'
import type { SignInMethod } from './platform'

declare const my: { getAuthCode(options: { scopes: string; success(res: { authCode: string }): void; fail(error: unknown): void }): void }

export const signInMethod: SignInMethod = { label: '支付宝一键登录', needsName: false, note: null, available: true }

export async function signIn(): Promise<MemberSession> {
  const authCode = await new Promise<string>((resolve, reject) => my.getAuthCode({ scopes: 'auth_base', success: (res) => resolve(res.authCode), fail: reject }))
  return gateway.post<MemberSession>('/api/v1/auth/alipay/login', { code: authCode }, { auth: false })
}

/** WeChat Pay is WeChat's: in the Alipay mini-program, payment is Alipay's (arriving with the rest of issue 9). */
export async function payWithWechat(_: PaymentStart): Promise<'paid' | 'cancelled'> {
  throw Object.assign(new Error('WeChat Pay is not available in Alipay'), { code: 'UNPROCESSABLE', message: '支付宝小程序暂不支持微信支付' })
}

export { locate, navigateTo } from './platform-mini'
