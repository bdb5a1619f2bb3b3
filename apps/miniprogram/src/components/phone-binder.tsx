/**
 * Binding the member's phone number. H5 (development builds) takes a stand-in code (`phone-<11 digits>`), the
 * code WeChat's getPhoneNumber button would give; production H5 has no way to bind. WeChat: phone-binder.weapp.tsx.
 */
import { View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import { useState } from 'react'

/** Where binding is not possible on this platform or build. */
export const BIND_IN_WECHAT = '请在微信小程序中绑定手机号'

export interface PhoneBinderProps {
  busy: boolean
  onCode(code: string): void
}

export function PhoneBinder({ busy, onCode }: PhoneBinderProps) {
  const [phone, setPhone] = useState('')
  if (!DEV_SIGN_IN) return <View className='phone-binder__note'>{BIND_IN_WECHAT}</View>
  return (
    <View className='phone-binder'>
      <Input type='tel' placeholder='输入 11 位手机号（开发环境模拟授权）' maxLength={11} value={phone} onChange={setPhone} />
      <Button size='small' type='primary' loading={busy} disabled={!/^1\d{10}$/.test(phone)} onClick={() => onCode(`phone-${phone}`)}>
        模拟授权绑定
      </Button>
    </View>
  )
}
