/**
 * Which ways to pay the payment sheet offers, and why one is unavailable: the wallet for anything but a recharge
 * (a recharge fills the wallet), while its balance covers the amount; the platform's own provider (WeChat Pay in
 * WeChat, Alipay in Alipay) when it has one. Pure, so the rules are tested without a screen.
 */
import type { PayableKind, PaymentMethod } from '@fuel/shared/client'
import { moneyText } from './money'

export interface ProviderMethod {
  method: Exclude<PaymentMethod, 'wallet'>
  label: string
}

export interface MethodChoice {
  method: PaymentMethod
  label: string
  /** Shown under the label: the balance, or why it cannot be used. */
  hint: string | null
  enabled: boolean
}

export function paymentMethods(input: { payableKind: PayableKind; amountFen: number; walletBalanceFen: number | null; provider: ProviderMethod | null }): MethodChoice[] {
  const choices: MethodChoice[] = []
  if (input.payableKind !== 'recharge') {
    const balance = input.walletBalanceFen
    const covers = balance !== null && balance >= input.amountFen
    choices.push({ method: 'wallet', label: '余额支付', hint: balance === null ? '余额加载中' : covers ? `可用余额 ${moneyText(balance)}` : `余额不足（${moneyText(balance)}）`, enabled: covers })
  }
  if (input.provider) choices.push({ method: input.provider.method, label: input.provider.label, hint: null, enabled: true })
  return choices
}

/** The method chosen by default: the wallet when it covers the amount, else the provider. */
export function defaultMethod(choices: MethodChoice[]): PaymentMethod | null {
  return choices.find((c) => c.enabled)?.method ?? null
}
