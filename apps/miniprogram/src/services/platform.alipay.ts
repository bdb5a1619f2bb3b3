/** Alipay: my.getAuthCode's code signs in (alipay.system.oauth.token on the server). */
import type { MemberSession, PaymentStart } from '@fuel/shared/client'

import { gateway } from './api'
import type { ProviderMethod } from '../domain/payment-methods'
import type { SignInMethod } from './platform'

declare const my: {
  getAuthCode(options: { scopes: string; success(res: { authCode: string }): void; fail(error: unknown): void }): void
  tradePay(options: { tradeNO: string; success(res: { resultCode: string }): void; fail(error: unknown): void }): void
}

export const signInMethod: SignInMethod = { label: '支付宝一键登录', needsName: false, note: null, available: true }

export async function signIn(): Promise<MemberSession> {
  const authCode = await new Promise<string>((resolve, reject) => my.getAuthCode({ scopes: 'auth_base', success: (res) => resolve(res.authCode), fail: reject }))
  return gateway.post<MemberSession>('/api/v1/auth/alipay/login', { code: authCode }, { auth: false })
}

export const providerMethod: ProviderMethod = { method: 'alipay', label: '支付宝' }

/** my.tradePay with the trade_no from alipay.trade.create: 9000 paid, 6001 closed by the payer, 8000/6004 pending. */
export async function payAtProvider(start: PaymentStart): Promise<'paid' | 'cancelled'> {
  if (!start.alipay) throw new Error('no Alipay trade')
  const { resultCode } = await new Promise<{ resultCode: string }>((resolve, reject) => my.tradePay({ tradeNO: start.alipay!.tradeNo, success: resolve, fail: reject }))
  if (resultCode === '6001') return 'cancelled'
  if (resultCode === '9000' || resultCode === '8000' || resultCode === '6004') return 'paid'
  throw Object.assign(new Error(`tradePay ${resultCode}`), { code: 'PROVIDER_ERROR', message: '支付未完成，请重试' })
}

export { locate, navigateTo, saveTextFile, scanCode, signal } from './platform-mini'
