import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { Component, type ReactNode } from 'react'

/** A screen that fails to render shows a way back instead of a blank page; the error goes to the console. */
export class AppErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false }

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true }
  }

  override componentDidCatch(error: unknown): void {
    console.error('[app] a screen failed to render', error)
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children
    return (
      <View className='query-state' role='alert'>
        <View className='query-state__hint'>页面出错了，请返回首页重试</View>
        <View className='query-state__action'>
          <Button
            type='primary'
            size='small'
            onClick={() => {
              this.setState({ failed: false })
              void Taro.switchTab({ url: '/pages/index/index' })
            }}
          >
            返回首页
          </Button>
        </View>
      </View>
    )
  }
}
