/** The live price socket on WeChat and H5: Taro.connectSocket gives one task per connection (Alipay: .alipay.ts). */
import { type SocketFactory, taroSocketFactory } from './live-prices'

export const liveSocketFactory: SocketFactory = taroSocketFactory()
