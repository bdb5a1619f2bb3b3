import type { PaymentStatus } from '@fuel/shared/client'

/** What the result page says for an intent's status. */
export function paymentOutcome(status: PaymentStatus): { tone: 'success' | 'waiting' | 'failed'; title: string; icon: string } {
  if (status === 'succeeded' || status === 'partially_refunded' || status === 'refunded') return { tone: 'success', title: '支付成功', icon: '✓' }
  if (status === 'created' || status === 'paying') return { tone: 'waiting', title: '支付处理中', icon: '…' }
  return { tone: 'failed', title: status === 'closed' ? '支付已关闭' : '支付未完成', icon: '!' }
}
