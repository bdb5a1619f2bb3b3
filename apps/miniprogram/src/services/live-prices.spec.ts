import Taro from '@tarojs/taro'
import type { GradePrice, ServerFrame } from '@fuel/shared/client'
import {
  type FeedStatus,
  LivePriceFeed,
  type LivePriceFeedOptions,
  type PriceUpdate,
  type SocketFactory,
  type SocketHandlers,
  type SocketLike,
  type Timers,
  taroSocketFactory,
} from './live-prices'

jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { connectSocket: jest.fn() } }))

class FakeSocket implements SocketLike {
  readonly sent: Array<Record<string, unknown>> = []
  closed = false

  constructor(readonly handlers: SocketHandlers) {}

  send(text: string): void {
    this.sent.push(JSON.parse(text) as Record<string, unknown>)
  }

  close(): void {
    this.closed = true
  }

  deliver(frame: ServerFrame | string): void {
    this.handlers.onMessage(typeof frame === 'string' ? frame : JSON.stringify(frame))
  }
}

/** A manual clock: timers run only when the test advances time. */
class ManualClock implements Timers {
  private time = 0
  private nextId = 1
  private readonly pending = new Map<number, { at: number; fn: () => void }>()

  now(): number {
    return this.time
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++
    this.pending.set(id, { at: this.time + ms, fn })
    return id
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number)
  }

  advance(ms: number): void {
    const end = this.time + ms
    for (;;) {
      let due: [number, { at: number; fn: () => void }] | undefined
      for (const entry of this.pending) if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) due = entry
      if (!due) break
      this.pending.delete(due[0])
      this.time = due[1].at
      due[1].fn()
    }
    this.time = end
  }
}

const area = { lat: 30.62, lng: 104.04, radius: 3000, coordType: 'gcj02' as const }

function price(regularFen: number): GradePrice {
  return { grade: '95', regularFen, memberFen: { silver: regularFen - 10, gold: regularFen - 20, diamond: regularFen - 30 }, updatedAt: '2026-01-01T00:00:00Z' }
}

function snapshot(stationId: number, seq: number): ServerFrame {
  return { type: 'snapshot', stationId, seq, prices: [price(780)], changedAt: `t${seq}` }
}

function change(stationId: number, seq: number): ServerFrame {
  return { type: 'price', stationId, seq, changes: [price(780 + seq)], changedAt: `t${seq}` }
}

function setup(options: Partial<LivePriceFeedOptions> = {}) {
  const clock = new ManualClock()
  const sockets: FakeSocket[] = []
  const urls: string[] = []
  const connect: SocketFactory = (url, handlers) => {
    const socket = new FakeSocket(handlers)
    urls.push(url)
    sockets.push(socket)
    return socket
  }
  const updates: PriceUpdate[] = []
  const statuses: FeedStatus[] = []
  const feed = new LivePriceFeed({
    url: 'ws://gw.test/ws/prices',
    connect,
    onUpdate: (update) => updates.push(update),
    onStatus: (status) => statuses.push(status),
    timers: clock,
    random: () => 1,
    ...options,
  })
  const current = (): FakeSocket => sockets[sockets.length - 1]
  /** Opens the newest socket (the server accepted the connection). */
  const open = (): FakeSocket => {
    const socket = current()
    socket.handlers.onOpen()
    return socket
  }
  const seqs = (kind: PriceUpdate['kind']): Array<[number, number]> =>
    updates.filter((u) => u.kind === kind).map((u) => [u.stationId, u.seq])
  return { feed, clock, sockets, urls, updates, statuses, current, open, seqs }
}

/** Closes the current socket, then checks that the next connect happens exactly `ms` later. */
function expectReconnectAfter(t: ReturnType<typeof setup>, ms: number): void {
  const count = t.sockets.length
  t.current().handlers.onClose()
  t.clock.advance(ms - 1)
  expect(t.sockets).toHaveLength(count)
  t.clock.advance(1)
  expect(t.sockets).toHaveLength(count + 1)
}

describe('LivePriceFeed', () => {
  it('connects on the first follow and subscribes to the area once open, reporting connecting then live', () => {
    const t = setup()
    t.feed.followArea(area)
    expect(t.urls).toEqual(['ws://gw.test/ws/prices'])
    expect(t.statuses).toEqual(['connecting'])

    const socket = t.open()
    expect(socket.sent).toEqual([{ type: 'subscribe', area }])
    expect(t.statuses).toEqual(['connecting', 'live'])
  })

  it('emits a snapshot, then consecutive changes, tracking the last seq', () => {
    const t = setup()
    t.feed.followStations([7])
    const socket = t.open()
    expect(socket.sent).toEqual([{ type: 'subscribe', stationIds: [7] }])

    socket.deliver({ type: 'subscribed', stationIds: [7] })
    socket.deliver(snapshot(7, 3))
    socket.deliver(change(7, 4))
    socket.deliver(change(7, 5))

    expect(t.updates).toEqual([
      { kind: 'snapshot', stationId: 7, seq: 3, prices: [price(780)], changedAt: 't3' },
      { kind: 'change', stationId: 7, seq: 4, changes: [price(784)], changedAt: 't4' },
      { kind: 'change', stationId: 7, seq: 5, changes: [price(785)], changedAt: 't5' },
    ])
    expect(t.feed.lastSeq(7)).toBe(5)
  })

  it('drops a change whose seq was already applied, and an older snapshot', () => {
    const t = setup()
    t.feed.followStations([7])
    const socket = t.open()
    socket.deliver(snapshot(7, 3))
    socket.deliver(change(7, 4))
    socket.deliver(change(7, 4))
    socket.deliver(change(7, 2))
    socket.deliver(snapshot(7, 1))

    expect(t.seqs('change')).toEqual([[7, 4]])
    expect(t.seqs('snapshot')).toEqual([[7, 3]])
    expect(socket.sent).toHaveLength(1)
  })

  it('on a gap emits nothing, sends one catch-up with since, then emits the replayed changes in order', () => {
    const t = setup()
    t.feed.followStations([7, 8])
    const socket = t.open()
    socket.deliver(snapshot(7, 3))
    socket.sent.length = 0

    socket.deliver(change(7, 6))
    socket.deliver(change(7, 7)) // live, racing the catch-up: still no second catch-up
    expect(t.seqs('change')).toEqual([])
    expect(socket.sent).toEqual([{ type: 'subscribe', stationIds: [7], since: { 7: 3 } }])

    socket.deliver({ type: 'subscribed', stationIds: [7] })
    for (const seq of [4, 5, 6]) socket.deliver(change(7, seq))
    expect(t.seqs('change')).toEqual([[7, 4], [7, 5], [7, 6], [7, 7]])
    expect(t.feed.lastSeq(7)).toBe(7)

    socket.deliver(change(7, 9)) // the seq advanced, so a new gap gets a new catch-up
    expect(socket.sent).toHaveLength(2)
    expect(socket.sent[1]).toEqual({ type: 'subscribe', stationIds: [7], since: { 7: 7 } })
  })

  it('asks for a snapshot (subscribe without since) on a change for a station with no known seq', () => {
    const t = setup()
    t.feed.followStations([8])
    const socket = t.open()
    socket.sent.length = 0

    socket.deliver(change(8, 5))
    expect(t.updates).toEqual([])
    expect(socket.sent).toEqual([{ type: 'subscribe', stationIds: [8] }])

    socket.deliver(snapshot(8, 5))
    socket.deliver(change(8, 6))
    expect(t.updates.map((u) => [u.kind, u.seq])).toEqual([['snapshot', 5], ['change', 6]])
  })

  it('retries a catch-up that brought nothing once staleAfterMs has passed', () => {
    const t = setup({ staleAfterMs: 45_000, heartbeatMs: 20_000 })
    t.feed.followStations([7])
    const socket = t.open()
    socket.deliver(snapshot(7, 3))
    socket.sent.length = 0

    socket.deliver(change(7, 5))
    socket.deliver({ type: 'error', code: 'SERVICE_UNAVAILABLE', message: 'map service restarting' })
    t.clock.advance(44_999)
    socket.deliver(change(7, 6))
    t.clock.advance(1)
    socket.deliver(change(7, 7))
    const catchUps = socket.sent.filter((m) => m.type === 'subscribe')
    expect(catchUps).toEqual([
      { type: 'subscribe', stationIds: [7], since: { 7: 3 } },
      { type: 'subscribe', stationIds: [7], since: { 7: 3 } },
    ])
  })

  it('reconnects after a close with backoff 1000, 2000, 4000 … capped at maxMs, status reconnecting', () => {
    const t = setup({ backoff: { initialMs: 1000, maxMs: 5000 } })
    t.feed.followArea(area)
    t.open()
    for (const ms of [1000, 2000, 4000, 5000, 5000]) expectReconnectAfter(t, ms)
    expect(t.statuses).toEqual(['connecting', 'live', 'reconnecting'])
  })

  it('jitters the backoff delay down to half with random()', () => {
    const t = setup({ random: () => 0 })
    t.feed.followArea(area)
    t.open()
    expectReconnectAfter(t, 500)
    expectReconnectAfter(t, 1000)
  })

  it('re-subscribes on reconnect with since for every known station', () => {
    const t = setup()
    t.feed.followStations([7, 8, 9])
    const first = t.open()
    first.deliver(snapshot(7, 12))
    first.deliver(snapshot(8, 3))
    first.deliver(change(8, 4))

    expectReconnectAfter(t, 1000)
    const second = t.open()
    expect(second.sent).toEqual([{ type: 'subscribe', stationIds: [7, 8, 9], since: { 7: 12, 8: 4 } }])
    expect(t.statuses).toEqual(['connecting', 'live', 'reconnecting', 'live'])

    // The replay of what was missed, with a change that also came live (dropped once applied).
    second.deliver(change(8, 5))
    second.deliver(change(8, 5))
    expect(t.seqs('change')).toEqual([[8, 4], [8, 5]])
  })

  it('re-subscribes to an area on reconnect with since for every station seen', () => {
    const t = setup()
    t.feed.followArea(area)
    const first = t.open()
    first.deliver(snapshot(7, 12))
    first.deliver(snapshot(8, 3))
    expectReconnectAfter(t, 1000)
    expect(t.open().sent).toEqual([{ type: 'subscribe', area, since: { 7: 12, 8: 3 } }])
  })

  it('resets the backoff once a connection was live and received a frame', () => {
    const t = setup()
    t.feed.followArea(area)
    t.open()
    expectReconnectAfter(t, 1000)
    expectReconnectAfter(t, 2000)
    t.open() // live, but silent: does not count as recovered
    expectReconnectAfter(t, 4000)
    t.open().deliver({ type: 'subscribed', stationIds: [7] })
    expectReconnectAfter(t, 1000)
  })

  it('sends a ping every heartbeatMs while open', () => {
    const t = setup({ heartbeatMs: 20_000, staleAfterMs: 45_000 })
    t.feed.followStations([7])
    const socket = t.open()
    socket.sent.length = 0

    t.clock.advance(19_999)
    expect(socket.sent).toEqual([])
    t.clock.advance(1)
    socket.deliver({ type: 'pong' })
    t.clock.advance(20_000)
    socket.deliver({ type: 'pong' })
    expect(socket.sent).toEqual([{ type: 'ping' }, { type: 'ping' }])
    expect(socket.closed).toBe(false)
  })

  it('closes a connection silent for staleAfterMs (pongs count as life) and reconnects', () => {
    const t = setup({ heartbeatMs: 20_000, staleAfterMs: 45_000 })
    t.feed.followStations([7])
    const socket = t.open()
    t.clock.advance(30_000)
    socket.deliver({ type: 'pong' }) // alive at 30 s: stale only at 75 s
    t.clock.advance(44_999)
    expect(socket.closed).toBe(false)
    t.clock.advance(1)
    expect(socket.closed).toBe(true)
    expect(t.statuses[t.statuses.length - 1]).toBe('reconnecting')

    t.clock.advance(1000)
    expect(t.sockets).toHaveLength(2)
    socket.handlers.onClose() // the old socket's late close changes nothing
    t.clock.advance(60_000)
    expect(t.sockets).toHaveLength(3) // only because the new socket itself never opened
  })

  it('never reconnects after stop(), which closes the socket and cancels every timer', () => {
    const t = setup()
    t.feed.followStations([7])
    const socket = t.open()
    t.feed.stop()
    expect(socket.closed).toBe(true)
    expect(t.statuses).toEqual(['connecting', 'live', 'stopped'])

    socket.handlers.onClose()
    socket.deliver(change(7, 1))
    t.feed.followStations([8])
    t.clock.advance(10 * 60_000)
    expect(t.sockets).toHaveLength(1)
    expect(socket.sent).toEqual([{ type: 'subscribe', stationIds: [7] }])
    expect(t.updates).toEqual([])
  })

  it('stop() during the backoff wait cancels the pending reconnect', () => {
    const t = setup()
    t.feed.followStations([7])
    t.open().handlers.onClose()
    t.feed.stop()
    t.clock.advance(60_000)
    expect(t.sockets).toHaveLength(1)
  })

  it('ignores malformed text, unknown types and error frames without throwing', () => {
    const t = setup()
    t.feed.followStations([7])
    const socket = t.open()
    socket.deliver(snapshot(7, 1))
    const junk = ['not json', '42', 'null', '{"type":"nope"}', '{"type":"price","stationId":"7","seq":2}', '{"type":"snapshot"}']
    for (const text of junk) expect(() => socket.deliver(text)).not.toThrow()
    socket.deliver({ type: 'error', code: 'VALIDATION_FAILED', message: 'bad' })
    socket.deliver({ type: 'ack', stationId: 7, seq: 9 })
    socket.deliver(change(7, 2))
    expect(t.updates.map((u) => u.seq)).toEqual([1, 2])
    expect(socket.sent).toHaveLength(1)
  })

  it('does not throw from a socket callback when onUpdate throws', () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const t = setup({ onUpdate: () => { throw new Error('page bug') } })
    t.feed.followStations([7])
    const socket = t.open()
    expect(() => socket.deliver(snapshot(7, 1))).not.toThrow()
    expect(t.feed.lastSeq(7)).toBe(1)
    expect(error).toHaveBeenCalled()
    error.mockRestore()
  })

  it('following new ids unsubscribes the dropped ones and subscribes with since for the known', () => {
    const t = setup()
    t.feed.followStations([7, 8])
    const socket = t.open()
    socket.deliver({ type: 'subscribed', stationIds: [7, 8] })
    socket.deliver(snapshot(8, 4))
    socket.sent.length = 0

    t.feed.followStations([8, 9])
    expect(socket.sent).toEqual([
      { type: 'unsubscribe', stationIds: [7] },
      { type: 'subscribe', stationIds: [8, 9], since: { 8: 4 } },
    ])

    // A change for 7 still in flight is not worth a catch-up that would follow it again.
    socket.deliver(change(7, 3))
    expect(socket.sent).toHaveLength(2)
  })

  it('following ids after an area unsubscribes the area stations the server confirmed', () => {
    const t = setup()
    t.feed.followArea(area)
    const socket = t.open()
    socket.deliver({ type: 'subscribed', stationIds: [1, 2, 3] })
    socket.sent.length = 0

    t.feed.followStations([2])
    expect(socket.sent).toEqual([
      { type: 'unsubscribe', stationIds: [1, 3] },
      { type: 'subscribe', stationIds: [2] },
    ])
  })

  it('a new area while open is subscribed at once, keeping the seqs already seen', () => {
    const t = setup()
    t.feed.followArea(area)
    const socket = t.open()
    socket.deliver(snapshot(7, 5))
    socket.sent.length = 0

    const next = { ...area, lat: 30.7 }
    t.feed.followArea(next)
    expect(socket.sent).toEqual([{ type: 'subscribe', area: next, since: { 7: 5 } }])
    expect(t.feed.lastSeq(7)).toBe(5)
  })

  it('a follow before the socket opens only replaces what is subscribed on open', () => {
    const t = setup()
    t.feed.followStations([7])
    t.feed.followArea(area)
    expect(t.sockets).toHaveLength(1)
    expect(t.open().sent).toEqual([{ type: 'subscribe', area }])
  })
})

describe('taroSocketFactory', () => {
  interface FakeTask {
    onOpen(cb: () => void): void
    onMessage(cb: (m: { data: unknown }) => void): void
    onClose(cb: () => void): void
    onError(cb: () => void): void
    send: jest.Mock
    close: jest.Mock
    fire: { open?: () => void; message?: (m: { data: unknown }) => void; close?: () => void; error?: () => void }
  }

  function fakeTask(): FakeTask {
    const fire: FakeTask['fire'] = {}
    return {
      fire,
      onOpen: (cb) => (fire.open = cb),
      onMessage: (cb) => (fire.message = cb),
      onClose: (cb) => (fire.close = cb),
      onError: (cb) => (fire.error = cb),
      send: jest.fn(),
      close: jest.fn(),
    }
  }

  const connectSocket = Taro.connectSocket as unknown as jest.Mock
  const handlers = () => ({ onOpen: jest.fn(), onMessage: jest.fn(), onClose: jest.fn() })
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

  it('wires open, string messages and close; reports an error then close as one onClose', async () => {
    const task = fakeTask()
    connectSocket.mockResolvedValue(task)
    const h = handlers()
    const socket = taroSocketFactory()('ws://gw.test/ws/prices', h)
    expect(() => socket.send('early')).not.toThrow()
    await flush()
    expect(connectSocket).toHaveBeenCalledWith({ url: 'ws://gw.test/ws/prices' })

    task.fire.open?.()
    socket.send('{"type":"ping"}')
    task.fire.message?.({ data: '{"type":"pong"}' })
    task.fire.message?.({ data: new ArrayBuffer(2) })
    task.fire.error?.()
    task.fire.close?.()
    socket.send('late')

    expect(h.onOpen).toHaveBeenCalledTimes(1)
    expect(h.onMessage.mock.calls).toEqual([['{"type":"pong"}']])
    expect(h.onClose).toHaveBeenCalledTimes(1)
    expect(task.send.mock.calls).toEqual([[{ data: '{"type":"ping"}' }]])
  })

  it('reports a failed connect as a close, and closes a task that arrives after close()', async () => {
    connectSocket.mockRejectedValueOnce({ errMsg: 'connectSocket:fail' })
    const failed = handlers()
    taroSocketFactory()('ws://gw.test/ws/prices', failed)
    await flush()
    expect(failed.onClose).toHaveBeenCalledTimes(1)

    const task = fakeTask()
    connectSocket.mockResolvedValueOnce(task)
    const h = handlers()
    taroSocketFactory()('ws://gw.test/ws/prices', h).close()
    await flush()
    expect(task.close).toHaveBeenCalled()
    task.fire.open?.()
    expect(h.onOpen).not.toHaveBeenCalled()
    expect(h.onClose).not.toHaveBeenCalled()
  })
})
