/** Alipay: the server speaks WeChat's phone-number protocol only, so binding is done in the WeChat mini-program. */
import { View } from '@tarojs/components'

import type { PhoneBinderProps } from './phone-binder'

export function PhoneBinder(_: PhoneBinderProps) {
  return <View className='phone-binder__note'>请在微信小程序中绑定手机号</View>
}
