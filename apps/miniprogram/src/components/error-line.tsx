import { View } from '@tarojs/components'

import { staffMessage } from '../domain/error-messages'

/** A failed action's reason, in the staff entry's words (the server's zh-CN message), under the control that failed. */
export function ErrorLine({ error, className }: { error: unknown; className: string }) {
  if (!error) return null
  return (
    <View className={className} role='alert'>
      {staffMessage(error)}
    </View>
  )
}
