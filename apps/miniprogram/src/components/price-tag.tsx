import { View } from '@tarojs/components'

import { usePriceFlash } from '../services/price-flash'
import { Money } from './money'

import './price-tag.css'

/** A price per litre that lights up for a moment when the live channel changed it. */
export function PriceTag({ stationId, grade, fen, tone = 'regular', suffix = '/L' }: { stationId: number; grade: string; fen: number; tone?: 'regular' | 'member' | 'yours'; suffix?: string }) {
  const flashing = usePriceFlash(stationId, grade)
  return (
    <View className={`price-tag price-tag--${tone}${flashing ? ' price-tag--changed' : ''}`} data-changed={flashing ? 'true' : 'false'}>
      <Money fen={fen} className='price-tag__amount' />
      <View className='price-tag__unit'>{suffix}</View>
    </View>
  )
}
