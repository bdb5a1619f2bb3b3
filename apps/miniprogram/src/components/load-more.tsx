import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'

/** The foot of a paged list: 加载更多 while the server has more, then 没有更多了 (in the list's own style). */
export function LoadMore({ list, endClassName }: { list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown }; endClassName: string }) {
  return list.hasNextPage ? (
    <Button fill='none' block loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
      加载更多
    </Button>
  ) : (
    <View className={endClassName}>没有更多了</View>
  )
}
