/**
 * The payment sheet: the ways to pay this amount on this platform (domain/payment-methods), one chosen. A method
 * that cannot be used says why (e.g. 余额不足) and cannot be chosen.
 */
import { View } from '@tarojs/components'
import type { PaymentMethod } from '@fuel/shared/client'

import type { MethodChoice } from '../domain/payment-methods'

import './payment-sheet.css'

export function PaymentSheet({ choices, value, onChange }: { choices: MethodChoice[]; value: PaymentMethod | null; onChange: (method: PaymentMethod) => void }) {
  if (!choices.length) return <View className='payment-sheet__none'>当前环境暂不支持在线支付，请在微信或支付宝小程序中使用</View>
  return (
    <View className='payment-sheet'>
      <View className='payment-sheet__title'>支付方式</View>
      {choices.map((choice) => (
        <View
          key={choice.method}
          className={`payment-sheet__method payment-sheet__method--${choice.method}${choice.enabled ? '' : ' payment-sheet__method--disabled'}`}
          data-method={choice.method}
          onClick={() => choice.enabled && onChange(choice.method)}
        >
          <View>
            <View className='payment-sheet__label'>{choice.label}</View>
            {choice.hint && <View className='payment-sheet__hint'>{choice.hint}</View>}
          </View>
          <View className={`payment-sheet__radio${value === choice.method ? ' payment-sheet__radio--on' : ''}`} />
        </View>
      ))}
    </View>
  )
}
