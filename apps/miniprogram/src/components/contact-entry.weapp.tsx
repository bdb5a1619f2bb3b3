import { Button } from '@tarojs/components'
import { Cell } from '@nutui/nutui-react-taro'

import './contact-entry.css'

/**
 * 联系客服 in WeChat: the platform's own customer service conversation (a button with open-type "contact"; the
 * chain's agents answer in WeChat's 客服 console), over the whole cell.
 */
export function ContactEntry() {
  return (
    <Cell title='联系客服' extra='在线客服' clickable className='contact-entry'>
      <Button className='contact-entry__button' openType='contact' aria-label='联系客服' />
    </Cell>
  )
}
