/**
 * The payment sheet's state for an amount: the ways to pay it here (domain/payment-methods, with the wallet's
 * balance), and the one chosen — the member's pick while it stays usable, else the default.
 */
import { useState } from 'react'
import { type PayableKind, type PaymentMethod } from '@fuel/shared/client'

import { defaultMethod, paymentMethods } from '../domain/payment-methods'
import { providerMethod } from '../services/platform'
import { useWallet } from '../services/queries'

export function usePaymentChoice(payableKind: PayableKind, amountFen: number) {
  const wallet = useWallet()
  const [picked, setMethod] = useState<PaymentMethod | null>(null)
  const choices = paymentMethods({ payableKind, amountFen, walletBalanceFen: payableKind === 'recharge' ? null : (wallet.data?.balanceFen ?? null), provider: providerMethod })
  const method = picked && choices.find((c) => c.method === picked)?.enabled ? picked : defaultMethod(choices)
  return { choices, method, setMethod }
}
