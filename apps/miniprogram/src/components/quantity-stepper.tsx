import { View } from '@tarojs/components'
import { InputNumber } from '@nutui/nutui-react-taro'
import { useEffect, useRef } from 'react'

/**
 * NutUI's InputNumber with a name for its number field. The component does not pass props on to its `<input>`, so on
 * H5 (the only platform with a DOM here) the field gets its `aria-label` after it is drawn; a screen reader then says
 * what the number is ("数量", "调整数量") instead of an unnamed text box.
 */
export function QuantityStepper({ label, ...props }: { label: string } & React.ComponentProps<typeof InputNumber>) {
  const box = useRef<{ querySelector?: (selector: string) => Element | null } | null>(null)
  useEffect(() => {
    box.current?.querySelector?.('input')?.setAttribute('aria-label', label)
  }, [label])
  return (
    <View ref={box as never} className='quantity-stepper'>
      <InputNumber {...props} />
    </View>
  )
}
