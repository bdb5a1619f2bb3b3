/** Alipay: the server speaks WeChat's phone-number protocol only, so binding is done in the WeChat mini-program. */
import { View } from '@tarojs/components'

import { BIND_IN_WECHAT, type PhoneBinderProps } from './phone-binder'

export function PhoneBinder(_: PhoneBinderProps) {
  return <View className='phone-binder__note'>{BIND_IN_WECHAT}</View>
}
