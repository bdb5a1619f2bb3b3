import { View } from '@tarojs/components'
import type { CouponDisplayStatus, OrderStatus } from '@fuel/shared/client'

import { COUPON_STATUS_NAMES, COUPON_STATUS_TONES, ORDER_STATUS_NAMES, ORDER_STATUS_TONES } from '../domain/labels'

/** An order's status in its word and its colour (labels.ts): the same on the driver's and the staff's screens. */
export function OrderStatusText({ status, className }: { status: OrderStatus; className?: string }) {
  return <View className={`${className ?? ''} status-tone status-tone--${ORDER_STATUS_TONES[status]}`}>{ORDER_STATUS_NAMES[status]}</View>
}

export function CouponStatusText({ status, className }: { status: CouponDisplayStatus; className?: string }) {
  return <View className={`${className ?? ''} status-tone status-tone--${COUPON_STATUS_TONES[status]}`}>{COUPON_STATUS_NAMES[status]}</View>
}
