/**
 * Alipay: Taro's connectSocket drives the app-wide socket (my.onSocketOpen/…, my.closeSocket), so a second
 * connection or a reconnect would be closed by the first one's listeners. `multiple: true` gives a task per
 * connection with its own listeners, like WeChat's.
 */
import { type SocketFactory, type SocketTaskLike, taroSocketFactory } from './live-prices'

declare const my: { connectSocket(options: { url: string; multiple: true }): SocketTaskLike }

export const liveSocketFactory: SocketFactory = taroSocketFactory((url) => Promise.resolve(my.connectSocket({ url, multiple: true })))
