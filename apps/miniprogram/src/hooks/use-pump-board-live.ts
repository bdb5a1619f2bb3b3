import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'

import { staffChannelUrl } from '../services/endpoints'
import { liveSocketFactory } from '../services/live-socket'
import type { SocketLike } from '../services/live-prices'
import { staffKeys } from '../services/staff-queries'

const MAX_BACKOFF_MS = 30_000

/**
 * Follows the staff channel for a station: each announcement (a fuel order paid, fuelled or refunded) refetches
 * the pump board at once. Reconnects with backoff; true while connected and signed in on it. Where the channel is
 * not served (the embedded setup), it stays false and the board keeps polling.
 */
export function usePumpBoardLive(stationId: number, token: string): boolean {
  const client = useQueryClient()
  const [live, setLive] = useState(false)
  useEffect(() => {
    let socket: SocketLike | undefined
    let stopped = false
    let attempt = 0
    let retry: ReturnType<typeof setTimeout> | undefined
    const connect = () => {
      socket = liveSocketFactory(staffChannelUrl(), {
        onOpen: () => socket?.send(JSON.stringify({ type: 'auth', token })),
        onMessage: (text) => {
          const frame = JSON.parse(text) as { type?: string }
          if (frame.type === 'ready') {
            attempt = 0
            setLive(true)
          } else if (frame.type === 'pump-board') void client.invalidateQueries({ queryKey: staffKeys.pumpBoard(stationId) })
        },
        onClose: () => {
          setLive(false)
          if (!stopped) retry = setTimeout(connect, Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt++))
        },
      })
    }
    connect()
    return () => {
      stopped = true
      clearTimeout(retry)
      socket?.close()
    }
  }, [client, stationId, token])
  return live
}
