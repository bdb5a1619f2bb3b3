import Taro from '@tarojs/taro'
import { QueryClientProvider } from '@tanstack/react-query'
import { type PropsWithChildren, useEffect, useState } from 'react'

import { AppErrorBoundary } from './components/app-error-boundary'
import { onSignInRequired } from './services/api'
import { focusableScrollBoxes } from './services/scroll-focus'
import { clearMemberData, createQueryClient } from './services/queries'
import { getSession, subscribeSession } from './services/session'

import './app.css'

const LOGIN_PAGE = 'package-member/login/index'

/** One place reacts to the session: its end (sign-out or expiry) drops the member's data; an expiry opens 登录 once. */
function useSessionReactions(client: ReturnType<typeof createQueryClient>) {
  useEffect(
    () =>
      subscribeSession(() => {
        if (!getSession()) clearMemberData(client)
      }),
    [client],
  )
  useEffect(
    () =>
      onSignInRequired(() => {
        const pages = Taro.getCurrentPages()
        if (pages[pages.length - 1]?.route?.includes(LOGIN_PAGE)) return
        void Taro.navigateTo({ url: `/${LOGIN_PAGE}?reason=expired` })
      }),
    [client],
  )
}

function App({ children }: PropsWithChildren) {
  const [client] = useState(createQueryClient)
  useSessionReactions(client)
  useEffect(focusableScrollBoxes, [])
  // `children` is the page being rendered.
  return (
    <QueryClientProvider client={client}>
      <AppErrorBoundary>{children}</AppErrorBoundary>
    </QueryClientProvider>
  )
}

export default App
