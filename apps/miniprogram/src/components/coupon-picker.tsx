/** The member's usable coupons for this order (the caller says which fit); or none; or the best one again. */
import { Cell, CellGroup } from '@nutui/nutui-react-taro'
import type { Coupon } from '@fuel/shared/client'

import { couponRule } from '../domain/labels'
import { useCardPack } from '../services/queries'

import './coupon-picker.css'

export function CouponPicker({ usable, onPick }: { usable: (coupon: Coupon) => boolean; onPick: (couponIds: number[] | undefined) => void }) {
  const pack = useCardPack()
  const coupons = (pack.data ? Object.values(pack.data).flatMap((byStatus) => byStatus.available) : []).filter(usable)
  return (
    <CellGroup className='coupon-picker'>
      <Cell title='自动选择最优惠' clickable onClick={() => onPick(undefined)} />
      {coupons.map((c) => (
        <Cell key={c.id} title={c.name} description={couponRule(c)} clickable onClick={() => onPick([c.id])} />
      ))}
      <Cell title='不使用优惠券' clickable onClick={() => onPick([])} />
    </CellGroup>
  )
}
