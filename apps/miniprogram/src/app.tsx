import Taro from '@tarojs/taro'
import { QueryClientProvider } from '@tanstack/react-query'
import { type PropsWithChildren, useEffect, useState } from 'react'

import { onSignInRequired } from './services/api'
import { createQueryClient } from './services/queries'

import './app.css'

const LOGIN_PAGE = 'package-member/login/index'

/** One place reacts to an expired session: it clears member data and opens the sign-in page (once). */
function useSignInPrompt(client: ReturnType<typeof createQueryClient>) {
  useEffect(
    () =>
      onSignInRequired(() => {
        client.removeQueries({ queryKey: ['me'] })
        const pages = Taro.getCurrentPages()
        if (pages[pages.length - 1]?.route?.includes(LOGIN_PAGE)) return
        void Taro.navigateTo({ url: `/${LOGIN_PAGE}?reason=expired` })
      }),
    [client],
  )
}

function App({ children }: PropsWithChildren) {
  const [client] = useState(createQueryClient)
  useSignInPrompt(client)
  // `children` is the page being rendered.
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>
}

export default App
