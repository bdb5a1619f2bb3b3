/**
 * Client of the gateway's live price channel (`ws://<gateway>/ws/prices`, protocol in the README and in
 * libs/shared/src/contracts/map/price-channel.ts). It keeps one connection alive and hands pages an ordered
 * stream of per-station updates: every change exactly once and in seq order, with gaps filled by the server's
 * catch-up and a snapshot when we are too far behind.
 */
import Taro from '@tarojs/taro'
import type { GradePrice, ServerFrame, SubscriptionArea } from '@fuel/shared/client'

export interface SocketLike {
  send(text: string): void
  close(): void
}
export interface SocketHandlers {
  onOpen(): void
  onMessage(text: string): void
  onClose(): void // also called after an error that ends the socket
}
/** Opens a socket to url and reports on it through handlers. */
export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketLike

export type PriceUpdate =
  | { kind: 'snapshot'; stationId: number; seq: number; prices: GradePrice[]; changedAt: string }
  | { kind: 'change'; stationId: number; seq: number; changes: GradePrice[]; changedAt: string }

export type FeedStatus = 'connecting' | 'live' | 'reconnecting' | 'stopped'

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
  now(): number
}

export interface LivePriceFeedOptions {
  url: string
  connect: SocketFactory
  onUpdate(update: PriceUpdate): void
  onStatus?(status: FeedStatus): void
  timers?: Timers // default: global setTimeout/clearTimeout/Date.now
  heartbeatMs?: number // default 20_000: send {"type":"ping"} this often while open
  staleAfterMs?: number // default 45_000: no frame at all (pong included) for this long => close and reconnect
  backoff?: { initialMs: number; maxMs: number } // default 1000 / 30_000, doubling, with jitter from random()
  random?: () => number // default Math.random; jitter = delay * (0.5 + random()/2)
}

type Target = { kind: 'area'; area: SubscriptionArea } | { kind: 'ids'; ids: number[] }
type PriceFrame = Extract<ServerFrame, { type: 'price' }>
interface Connection { socket?: SocketLike; open: boolean }

/** The server replays at most this many changes, so a longer backlog of early frames is never needed. */
const MAX_BUFFERED = 100

const defaultTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as Parameters<typeof clearTimeout>[0]),
  now: () => Date.now(),
}

export class LivePriceFeed {
  private readonly timers: Timers
  private readonly heartbeatMs: number
  private readonly staleAfterMs: number
  private readonly backoff: { initialMs: number; maxMs: number }
  private readonly random: () => number
  private target: Target | null = null
  private readonly seqs = new Map<number, number>()
  /** Frames that arrived ahead of a gap; kept so a live change racing the catch-up reply is not lost. */
  private readonly early = new Map<number, Map<number, PriceFrame>>()
  /** station → when its catch-up was sent; at most one outstanding, retried once it could have been lost. */
  private readonly catchUps = new Map<number, number>()
  /** What the server follows for us on this connection (it only ever adds on subscribe). */
  private readonly following = new Set<number>()
  private conn: Connection | null = null
  private attempt = 0
  private lastFrameAt = 0
  private reconnectTimer: unknown
  private heartbeatTimer: unknown
  private staleTimer: unknown
  private status: FeedStatus | null = null
  private stopped = false

  constructor(private readonly options: LivePriceFeedOptions) {
    this.timers = options.timers ?? defaultTimers
    this.heartbeatMs = options.heartbeatMs ?? 20_000
    this.staleAfterMs = options.staleAfterMs ?? 45_000
    this.backoff = options.backoff ?? { initialMs: 1000, maxMs: 30_000 }
    this.random = options.random ?? Math.random
  }

  /** Follow the stations of an area (replaces the previous area/ids). Opens the connection if needed. */
  followArea(area: SubscriptionArea): void {
    this.follow({ kind: 'area', area })
  }

  /** Follow these station ids (replaces the previous area/ids). Opens the connection if needed. */
  followStations(stationIds: number[]): void {
    this.follow({ kind: 'ids', ids: [...new Set(stationIds)] })
  }

  /** Last seq applied per station (read-only view, for tests and debugging). */
  lastSeq(stationId: number): number | undefined {
    return this.seqs.get(stationId)
  }

  /** Final: a stopped feed never connects again (pages make a new one). */
  stop(): void {
    if (this.stopped) return
    this.stopped = true
    this.clearTimers()
    const socket = this.conn?.socket
    this.conn = null
    safely(() => socket?.close())
    this.setStatus('stopped')
  }

  private follow(next: Target): void {
    if (this.stopped) return
    const previous = this.target
    this.target = next
    if (this.conn?.open) {
      if (next.kind === 'ids') {
        const keep = new Set(next.ids)
        const before = new Set([...this.following, ...(previous?.kind === 'ids' ? previous.ids : [])])
        const dropped = [...before].filter((id) => !keep.has(id))
        for (const id of dropped) {
          this.following.delete(id)
          this.early.delete(id)
        }
        if (dropped.length > 0) this.send({ type: 'unsubscribe', stationIds: dropped })
      }
      this.subscribe()
    } else if (!this.conn && this.reconnectTimer === undefined) {
      this.connect()
    }
  }

  private connect(): void {
    this.reconnectTimer = undefined
    const conn: Connection = { open: false }
    this.conn = conn
    if (this.status !== 'reconnecting') this.setStatus('connecting')
    // Armed before open too, so a connect that hangs is retried like a half-open connection.
    this.lastFrameAt = this.timers.now()
    this.watchStale(conn)
    const handlers: SocketHandlers = {
      onOpen: () => this.guard(conn, () => this.opened(conn)),
      onMessage: (text) => this.guard(conn, () => this.received(text)),
      onClose: () => this.guard(conn, () => this.lost()),
    }
    if (!safely(() => (conn.socket = this.options.connect(this.options.url, handlers))) && this.conn === conn) this.lost()
  }

  /** Socket and timer callbacks must never throw (a page's onUpdate included), and stale sockets are ignored. */
  private guard(conn: Connection, fn: () => void): void {
    if (this.conn === conn && !this.stopped) safely(fn)
  }

  private opened(conn: Connection): void {
    conn.open = true
    this.lastFrameAt = this.timers.now()
    this.setStatus('live')
    this.subscribe()
    this.scheduleHeartbeat(conn)
  }

  private received(text: string): void {
    // Any text proves the connection carries data, even a frame we cannot read.
    this.lastFrameAt = this.timers.now()
    const frame = parseFrame(text)
    if (!frame) return
    this.attempt = 0
    switch (frame.type) {
      case 'subscribed':
        for (const id of frame.stationIds) this.following.add(id)
        return
      case 'snapshot': {
        const { stationId, seq, prices, changedAt } = frame
        const last = this.seqs.get(stationId)
        if (last !== undefined && seq < last) return
        this.applied(stationId, seq)
        this.options.onUpdate({ kind: 'snapshot', stationId, seq, prices, changedAt })
        return this.drainEarly(stationId)
      }
      case 'price':
        return this.change(frame)
      default:
        // pong, ack and error only matter as signs of life; an error about a catch-up is covered by its retry.
        return
    }
  }

  private change(frame: PriceFrame): void {
    const { stationId, seq } = frame
    const last = this.seqs.get(stationId)
    if (last !== undefined && seq <= last) return
    if (last !== undefined && seq === last + 1) {
      this.applied(stationId, seq)
      this.options.onUpdate({ kind: 'change', stationId, seq, changes: frame.changes, changedAt: frame.changedAt })
      this.drainEarly(stationId)
      return
    }
    // A station just dropped may still have frames in flight; asking again would follow it anew.
    if (this.target?.kind === 'ids' && !this.target.ids.includes(stationId)) return
    const early = this.early.get(stationId) ?? new Map<number, PriceFrame>()
    if (early.size < MAX_BUFFERED) early.set(seq, frame)
    this.early.set(stationId, early)
    this.catchUp(stationId, last)
  }

  private drainEarly(stationId: number): void {
    const early = this.early.get(stationId)
    if (!early) return
    const last = this.seqs.get(stationId) ?? 0
    for (const seq of early.keys()) if (seq <= last) early.delete(seq)
    const next = early.get(last + 1)
    if (early.size === 0) this.early.delete(stationId)
    if (next) this.change(next) // recursion drains the rest in order
  }

  private catchUp(stationId: number, since: number | undefined): void {
    const sentAt = this.catchUps.get(stationId)
    const now = this.timers.now()
    if (sentAt !== undefined && now - sentAt < this.staleAfterMs) return
    this.catchUps.set(stationId, now)
    const ids = { type: 'subscribe', stationIds: [stationId] }
    this.send(since === undefined ? ids : { ...ids, since: { [stationId]: since } })
  }

  private applied(stationId: number, seq: number): void {
    this.seqs.set(stationId, seq)
    this.catchUps.delete(stationId)
  }

  /** Sends the whole subscription with `since` for what we know, so a reconnect replays exactly what was missed. */
  private subscribe(): void {
    const target = this.target
    if (!target || (target.kind === 'ids' && target.ids.length === 0)) return
    const ids = target.kind === 'ids' ? target.ids : [...this.seqs.keys()]
    const since: Record<string, number> = {}
    for (const id of ids) {
      const seq = this.seqs.get(id)
      if (seq !== undefined) since[id] = seq
    }
    const base = target.kind === 'ids' ? { type: 'subscribe', stationIds: target.ids } : { type: 'subscribe', area: target.area }
    this.send(Object.keys(since).length > 0 ? { ...base, since } : base)
  }

  /** The socket ended or went quiet: drop it (later events from it are ignored) and retry with backoff. */
  private lost(): void {
    const conn = this.conn
    this.conn = null
    this.clearTimers()
    this.following.clear()
    this.catchUps.clear()
    safely(() => conn?.socket?.close())
    if (this.stopped) return
    this.setStatus('reconnecting')
    const delay = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** this.attempt)
    this.attempt += 1
    this.reconnectTimer = this.timers.setTimeout(() => {
      if (!this.stopped) this.connect()
    }, delay * (0.5 + this.random() / 2))
  }

  private scheduleHeartbeat(conn: Connection): void {
    this.heartbeatTimer = this.timers.setTimeout(() => this.guard(conn, () => {
      this.send({ type: 'ping' })
      this.scheduleHeartbeat(conn)
    }), this.heartbeatMs)
  }

  private watchStale(conn: Connection): void {
    const due = this.lastFrameAt + this.staleAfterMs - this.timers.now()
    this.staleTimer = this.timers.setTimeout(() => this.guard(conn, () => {
      if (this.timers.now() - this.lastFrameAt >= this.staleAfterMs) this.lost()
      else this.watchStale(conn)
    }), Math.max(0, due))
  }

  private clearTimers(): void {
    for (const handle of [this.reconnectTimer, this.heartbeatTimer, this.staleTimer]) {
      if (handle !== undefined) this.timers.clearTimeout(handle)
    }
    this.reconnectTimer = this.heartbeatTimer = this.staleTimer = undefined
  }

  private send(message: Record<string, unknown>): void {
    const socket = this.conn?.open ? this.conn.socket : undefined
    // A failed send is followed by a close, which reconnects and re-sends the subscription.
    safely(() => socket?.send(JSON.stringify(message)))
  }

  private setStatus(status: FeedStatus): void {
    if (this.status === status) return
    this.status = status
    safely(() => this.options.onStatus?.(status))
  }
}

/** The production socket: Taro.connectSocket (works on weapp, alipay and h5). */
/** The parts of a platform socket task this client uses (WeChat/H5 `Taro.SocketTask`, Alipay's own task). */
export interface SocketTaskLike {
  onOpen(callback: () => void): void
  onMessage(callback: (message: { data: unknown }) => void): void
  onClose(callback: () => void): void
  onError(callback: () => void): void
  send(options: { data: string }): unknown
  close(options: object): unknown
}

export function taroSocketFactory(open: (url: string) => Promise<SocketTaskLike> = (url) => Taro.connectSocket({ url })): SocketFactory {
  return (url, handlers) => {
    let task: SocketTaskLike | undefined
    let opened = false
    // Set once onClose was reported or the caller closed: one report at most, none for a close it asked for.
    let ended = false
    const end = (): void => {
      if (!ended) handlers.onClose()
      ended = true
    }
    const closeTask = (): void => void safely(() => task?.close({}))
    open(url).then((created) => {
      task = created
      // Mini-program sockets may ignore a close before open, so a socket closed early is closed again on open.
      created.onOpen(() => {
        if (ended) return closeTask()
        opened = true
        handlers.onOpen()
      })
      created.onMessage(({ data }) => {
        if (!ended && typeof data === 'string') handlers.onMessage(data)
      })
      created.onClose(end)
      created.onError(end)
      if (ended) closeTask()
    }, end)
    return {
      send(text) {
        if (!opened || ended) return
        safely(() => {
          // Typed void, but the H5 task returns a promise that rejects when the socket is not open.
          const result: unknown = task?.send({ data: text })
          if (result instanceof Promise) result.catch(() => undefined)
        })
      },
      close() {
        ended = true
        closeTask()
      },
    }
  }
}

/** Runs fn, logging instead of throwing (a swallowed error would hide a page's bug); false when it threw. */
function safely(fn: () => void): boolean {
  try {
    fn()
    return true
  } catch (error) {
    console.error('[live-prices]', error)
    return false
  }
}

/** Checks only the fields this client relies on: a frame it cannot use is ignored, never a reason to throw. */
function parseFrame(text: string): ServerFrame | null {
  let value: unknown = null
  try {
    value = JSON.parse(text)
  } catch {
    // not JSON
  }
  if (typeof value !== 'object' || value === null) return null
  const f = value as Record<string, unknown>
  const stationFrame = Number.isInteger(f.stationId) && Number.isInteger(f.seq) && typeof f.changedAt === 'string'
  switch (f.type) {
    case 'snapshot':
      return stationFrame && Array.isArray(f.prices) ? (f as ServerFrame) : null
    case 'price':
      return stationFrame && Array.isArray(f.changes) ? (f as ServerFrame) : null
    case 'subscribed':
      return Array.isArray(f.stationIds) && f.stationIds.every(Number.isInteger) ? (f as ServerFrame) : null
    case 'pong':
    case 'ack':
    case 'error':
      return f as ServerFrame
    default:
      return null
  }
}
