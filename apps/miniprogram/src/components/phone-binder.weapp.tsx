/** WeChat: the getPhoneNumber button hands a one-time code to the server, which asks WeChat for the number. */
import { Button } from '@tarojs/components'

import type { PhoneBinderProps } from './phone-binder'

export function PhoneBinder({ busy, onCode }: PhoneBinderProps) {
  return (
    <Button
      className='phone-binder__wechat'
      openType='getPhoneNumber'
      loading={busy}
      onGetPhoneNumber={(event) => {
        const code = (event.detail as { code?: string }).code
        if (code) onCode(code)
      }}
    >
      微信授权绑定手机号
    </Button>
  )
}
