import { Text, View } from '@tarojs/components'

export default function Index() {
  return (
    <View>
      <Text>你好，加油站</Text>
    </View>
  )
}
