import { View } from '@tarojs/components'
import { Button, Cell, Tag, Tabs, Empty, Skeleton, Badge, Price } from '@nutui/nutui-react-taro'
import { useState } from 'react'

export default function Index() {
  const [tab, setTab] = useState<string | number>('0')
  return (
    <View>
      <Tabs value={tab} onChange={setTab}><Tabs.TabPane title='可用' value='0'>A</Tabs.TabPane><Tabs.TabPane title='已使用' value='1'>B</Tabs.TabPane></Tabs>
      <Cell title='中石化' description='1.2 km' extra={<Tag type='success'>营业中</Tag>} />
      <Badge value={3}><Button type='primary'>加油</Button></Badge>
      <Price price={7.31} />
      <Skeleton rows={3} animated />
      <Empty description='暂无数据' />
    </View>
  )
}
