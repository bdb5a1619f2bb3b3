import Taro from '@tarojs/taro'
import { Cell } from '@nutui/nutui-react-taro'

/**
 * 联系客服 on H5 and Alipay: a call to the chain's service hotline (SERVICE_HOTLINE, set at build time); without one
 * configured the entry is left out rather than offering a number that rings nowhere. WeChat has its own customer
 * service conversation (contact-entry.weapp.tsx).
 */
export function ContactEntry() {
  if (!SERVICE_HOTLINE) return null
  return <Cell title='联系客服' extra={`客服热线 ${SERVICE_HOTLINE}`} clickable onClick={() => void Taro.makePhoneCall({ phoneNumber: SERVICE_HOTLINE.replace(/-/g, '') })} />
}
