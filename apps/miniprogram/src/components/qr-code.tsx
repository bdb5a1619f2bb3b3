/**
 * A QR code drawn as rows of cells (Views), so it renders the same in WeChat, Alipay and H5 without a canvas or
 * an image from anywhere (qrcode-generator computes the modules).
 */
import { View } from '@tarojs/components'
import qrcode from 'qrcode-generator'
import { useMemo } from 'react'

import './qr-code.css'

export function QrCode({ text, size = 360 }: { text: string; size?: number }) {
  const modules = useMemo(() => {
    const qr = qrcode(0, 'M')
    qr.addData(text)
    qr.make()
    const count = qr.getModuleCount()
    return Array.from({ length: count }, (_, row) => Array.from({ length: count }, (__, col) => qr.isDark(row, col)))
  }, [text])
  const cell = `${size / (modules.length + 2)}px`
  return (
    <View className='qr-code' style={{ padding: cell }} data-qr={text}>
      {modules.map((row, r) => (
        <View key={r} className='qr-code__row'>
          {row.map((dark, c) => (
            <View key={c} className={dark ? 'qr-code__dark' : 'qr-code__light'} style={{ width: cell, height: cell }} />
          ))}
        </View>
      ))}
    </View>
  )
}
