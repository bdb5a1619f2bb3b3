/**
 * After an attempt was started: the wallet has paid already; a provider is paid the platform's way. Then the page
 * that shows the outcome (H5 comes back to it from the stand-in's cashier by itself).
 */
import Taro from '@tarojs/taro'
import type { PaymentStart } from '@fuel/shared/client'

import { payAtProvider } from './platform'

export async function completePayment(start: PaymentStart, resultPath: string): Promise<void> {
  const outcome = start.wallet ? 'paid' : await payAtProvider(start, `/#${resultPath}`)
  if (outcome !== 'redirected') void Taro.redirectTo({ url: resultPath })
}
