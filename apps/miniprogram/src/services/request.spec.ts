// Only Taro.request is used here, by the transport tests below; every other test passes its own transport.
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { request: jest.fn() } }))

import { createRefresher } from './auth/refresher'
import Taro from '@tarojs/taro'

import { ApiError, type ApiRequest, type ApiResponse, createApiClient, taroTransport, type Transport } from './request'
import type { Tokens } from './session'

function respond(statusCode: number, data: unknown): ApiResponse {
  return { statusCode, header: {}, data }
}

function recordingTransport(response: ApiResponse | Error): { transport: Transport; calls: ApiRequest[] } {
  const calls: ApiRequest[] = []
  const transport: Transport = async (request) => {
    calls.push(request)
    if (response instanceof Error) throw response
    return response
  }
  return { transport, calls }
}

describe('request layer', () => {
  it('joins the base URL and path and returns the body of a 2xx response', async () => {
    const { transport, calls } = recordingTransport(respond(200, { status: 'ok' }))
    const client = createApiClient({ baseUrl: 'http://gw.test/', transport })

    await expect(client.get('/api/v1/health')).resolves.toEqual({ status: 'ok' })
    expect(calls).toHaveLength(1)
    expect(calls[0].url).toBe('http://gw.test/api/v1/health')
    expect(calls[0].method).toBe('GET')
  })

  it('unwraps the error envelope into an ApiError with code, message, status and details', async () => {
    const envelope = { error: { code: 'ORDER_NOT_FOUND', message: '订单不存在', details: { orderId: 'o1' } } }
    const client = createApiClient({ baseUrl: 'http://gw.test', transport: recordingTransport(respond(404, envelope)).transport })

    const error = await client.get('/api/v1/orders/o1').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ code: 'ORDER_NOT_FOUND', message: '订单不存在', status: 404, details: { orderId: 'o1' } })
  })

  it('parses an envelope that arrives as JSON text', async () => {
    const text = JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'slow down' } })
    const client = createApiClient({ baseUrl: 'http://gw.test', transport: recordingTransport(respond(429, text)).transport })

    await expect(client.get('/x')).rejects.toMatchObject({ code: 'RATE_LIMITED', status: 429 })
  })

  it('turns a non-2xx response without an envelope into HTTP_ERROR', async () => {
    const client = createApiClient({ baseUrl: 'http://gw.test', transport: recordingTransport(respond(502, '<html>bad gateway</html>')).transport })

    await expect(client.get('/x')).rejects.toMatchObject({ name: 'ApiError', code: 'HTTP_ERROR', status: 502 })
  })

  it('turns a transport failure (no response) into NETWORK_ERROR with status 0', async () => {
    const failure = Object.assign(new Error('boom'), { errMsg: 'request:fail net::ERR_CONNECTION_REFUSED' })
    const client = createApiClient({ baseUrl: 'http://gw.test', transport: recordingTransport(failure).transport })

    await expect(client.get('/x')).rejects.toMatchObject({
      code: 'NETWORK_ERROR',
      status: 0,
      message: 'request:fail net::ERR_CONNECTION_REFUSED',
    })
  })

  it('runs request interceptors in order and stops running one once it is removed', async () => {
    const { transport, calls } = recordingTransport(respond(200, {}))
    const client = createApiClient({ baseUrl: 'http://gw.test', transport })
    const remove = client.useRequest((req) => ({ ...req, header: { ...req.header, Authorization: 'Bearer t' } }))
    client.useRequest((req) => ({ ...req, header: { ...req.header, 'X-Order': req.header.Authorization ?? 'none' } }))

    await client.post('/orders', { litres: 30 })
    expect(calls[0].header).toMatchObject({ Authorization: 'Bearer t', 'X-Order': 'Bearer t', 'Content-Type': 'application/json' })
    expect(calls[0].data).toEqual({ litres: 30 })

    remove()
    await client.get('/orders')
    expect(calls[1].header.Authorization).toBeUndefined()
    expect(calls[1].header['X-Order']).toBe('none')
  })

  it('lets a response interceptor see and replace the response before the envelope check', async () => {
    const client = createApiClient({ baseUrl: 'http://gw.test', transport: recordingTransport(respond(200, { v: 1 })).transport })
    client.useResponse((res) => ({ ...res, data: { v: 2 } }))

    await expect(client.get('/x')).resolves.toEqual({ v: 2 })
  })

  it('sends an x-request-id on every call and an Idempotency-Key only on mutating calls', async () => {
    const { transport, calls } = recordingTransport(respond(200, {}))
    const client = createApiClient({ baseUrl: 'http://gw.test', transport })

    await client.get('/a')
    await client.post('/b', {})
    await client.post('/c', {}, { idempotencyKey: 'recharge:action-1' })
    expect(calls.map((c) => c.header['x-request-id'])).toEqual([expect.stringMatching(/^[A-Za-z0-9._-]{8,64}$/), expect.any(String), expect.any(String)])
    expect(new Set(calls.map((c) => c.header['x-request-id'])).size).toBe(3)
    expect(calls[0].header['Idempotency-Key']).toBeUndefined()
    expect(calls[1].header['Idempotency-Key']).toMatch(/^[A-Za-z0-9:_-]{8,80}$/)
    expect(calls[2].header['Idempotency-Key']).toBe('recharge:action-1')
  })
})

/** A gateway stand-in: 401 for any token but the current one; /auth/refresh rotates (once per refresh token). */
function fakeGateway(options: { refreshWorks: boolean; refreshDelayMs?: number }) {
  let current = 'access-1'
  let refreshCalls = 0
  const calls: ApiRequest[] = []
  const transport: Transport = async (request) => {
    calls.push(request)
    return request.header.Authorization === `Bearer ${current}` ? respond(200, { ok: true, token: current }) : respond(401, { error: { code: 'UNAUTHENTICATED', message: '登录已失效' } })
  }
  const refresh = async (refreshToken: string): Promise<Tokens> => {
    refreshCalls++
    await new Promise((resolve) => setTimeout(resolve, options.refreshDelayMs ?? 5))
    if (!options.refreshWorks) throw new ApiError('UNAUTHENTICATED', '登录凭证已失效', 401)
    current = `access-${refreshCalls + 1}`
    return { accessToken: current, refreshToken: `${refreshToken}+` }
  }
  return { transport, refresh, calls, refreshCalls: () => refreshCalls }
}

function sessionStore(initial: Tokens | null) {
  let tokens = initial
  return { getSession: () => tokens, setSession: (t: Tokens | null) => void (tokens = t) }
}

describe('request layer: a change whose outcome is open is sent again with its key', () => {
  function scripted(responses: Array<ApiResponse | Error>): { transport: Transport; calls: ApiRequest[] } {
    const calls: ApiRequest[] = []
    const transport: Transport = async (request) => {
      calls.push(request)
      const next = responses[Math.min(calls.length - 1, responses.length - 1)]
      if (next instanceof Error) throw next
      return next
    }
    return { transport, calls }
  }
  const unknown = respond(504, { error: { code: 'OUTCOME_UNKNOWN', message: '结果未确认' } })
  const inProgress = respond(409, { error: { code: 'IDEMPOTENCY_IN_PROGRESS', message: '处理中' } })
  const busy: ApiResponse = { statusCode: 503, header: { 'retry-after': '1' }, data: { error: { code: 'SERVICE_UNAVAILABLE', message: '繁忙' } } }

  it('retries a lost answer, an unknown outcome, one in progress and a refusal with Retry-After, with one key, and returns the answer', async () => {
    const waits: number[] = []
    const { transport, calls } = scripted([new Error('timeout'), unknown, inProgress, busy, respond(201, { orderNo: 'M1' })])
    const client = createApiClient({ baseUrl: 'http://gw.test', transport, retries: 5, sleep: async (ms) => void waits.push(ms) })

    await expect(client.post('/api/v1/orders/mall', { stationId: 1 })).resolves.toEqual({ orderNo: 'M1' })
    expect(calls).toHaveLength(5)
    expect(new Set(calls.map((c) => c.header['Idempotency-Key'])).size).toBe(1)
    expect(waits).toEqual([500, 1000, 2000, 1000])
  })

  it('gives up after its retries with the last answer, and never retries a read or a final answer', async () => {
    const sleep = jest.fn(async () => undefined)
    const stuck = scripted([unknown])
    await expect(createApiClient({ baseUrl: 'http://gw.test', transport: stuck.transport, retries: 2, sleep }).post('/x', {})).rejects.toMatchObject({ code: 'OUTCOME_UNKNOWN', status: 504 })
    expect(stuck.calls).toHaveLength(3)

    for (const [method, response] of [['get', unknown], ['post', respond(422, { error: { code: 'OUT_OF_STOCK', message: '库存不足' } })], ['post', respond(503, { error: { code: 'SERVICE_UNAVAILABLE', message: 'down' } })]] as const) {
      const once = scripted([response])
      const client = createApiClient({ baseUrl: 'http://gw.test', transport: once.transport, sleep })
      await expect(method === 'get' ? client.get('/x') : client.post('/x', {})).rejects.toBeInstanceOf(ApiError)
      expect(once.calls).toHaveLength(1)
    }
  })
})

describe('request layer with the session refresher', () => {
  it('refreshes once for many concurrent 401s, then retries each with the new token and the same Idempotency-Key', async () => {
    const gw = fakeGateway({ refreshWorks: true, refreshDelayMs: 20 })
    const store = sessionStore({ accessToken: 'expired', refreshToken: 'refresh-1' })
    const onSignInRequired = jest.fn()
    const refresher = createRefresher({ ...store, refresh: gw.refresh, onSignInRequired })
    const client = createApiClient({ baseUrl: 'http://gw.test', transport: gw.transport, auth: { accessToken: () => store.getSession()?.accessToken ?? null, refresh: refresher.refresh } })

    const results = await Promise.all([client.get('/me'), client.get('/me/wallet'), client.post('/me/coupons/member-day', {}, { idempotencyKey: 'claim:once-1' }), client.get('/me/coupons')])
    expect(results).toEqual(Array(4).fill({ ok: true, token: 'access-2' }))
    expect(gw.refreshCalls()).toBe(1)
    expect(store.getSession()).toEqual({ accessToken: 'access-2', refreshToken: 'refresh-1+' })
    const claims = gw.calls.filter((c) => c.url.endsWith('/member-day'))
    expect(claims.map((c) => c.header['Idempotency-Key'])).toEqual(['claim:once-1', 'claim:once-1'])
    expect(onSignInRequired).not.toHaveBeenCalled()
  })

  it('asks for sign-in exactly once when the refresh token is refused, and does not loop on later 401s', async () => {
    const gw = fakeGateway({ refreshWorks: false })
    const store = sessionStore({ accessToken: 'expired', refreshToken: 'revoked' })
    const onSignInRequired = jest.fn()
    const refresher = createRefresher({ ...store, refresh: gw.refresh, onSignInRequired })
    const client = createApiClient({ baseUrl: 'http://gw.test', transport: gw.transport, auth: { accessToken: () => store.getSession()?.accessToken ?? null, refresh: refresher.refresh } })

    const outcomes = await Promise.allSettled([client.get('/me'), client.get('/me/wallet'), client.get('/me/coupons')])
    expect(outcomes.every((o) => o.status === 'rejected' && (o.reason as ApiError).status === 401)).toBe(true)
    expect(gw.refreshCalls()).toBe(1)
    expect(onSignInRequired).toHaveBeenCalledTimes(1)
    expect(store.getSession()).toBeNull()

    // Signed out now: further calls carry no token, so they neither refresh nor prompt again.
    await expect(client.get('/me')).rejects.toMatchObject({ status: 401 })
    expect(gw.refreshCalls()).toBe(1)
    expect(onSignInRequired).toHaveBeenCalledTimes(1)
  })

  it('keeps the session when the refresh gets no answer (gateway down) and prompts no sign-in', async () => {
    const store = sessionStore({ accessToken: 'expired', refreshToken: 'refresh-1' })
    const onSignInRequired = jest.fn()
    const refresher = createRefresher({ ...store, refresh: () => Promise.reject(new ApiError('NETWORK_ERROR', 'offline', 0)), onSignInRequired })

    await expect(refresher.refresh('expired')).resolves.toBe(false)
    expect(store.getSession()).toEqual({ accessToken: 'expired', refreshToken: 'refresh-1' })
    expect(onSignInRequired).not.toHaveBeenCalled()
  })

  it('prompts again after a new sign-in expires, but only once per expiry', async () => {
    const store = sessionStore({ accessToken: 'a', refreshToken: 'r' })
    const onSignInRequired = jest.fn()
    const refresher = createRefresher({ ...store, refresh: () => Promise.reject(new ApiError('UNAUTHENTICATED', 'x', 401)), onSignInRequired })

    await refresher.refresh('a')
    await refresher.refresh('a')
    expect(onSignInRequired).toHaveBeenCalledTimes(1)
    store.setSession({ accessToken: 'b', refreshToken: 'r2' })
    refresher.signedIn()
    await refresher.refresh('b')
    expect(onSignInRequired).toHaveBeenCalledTimes(2)
  })

  it('a 401 that arrives after the session was renewed retries with the new token and refreshes no more', async () => {
    const gw = fakeGateway({ refreshWorks: true })
    const store = sessionStore({ accessToken: 'expired', refreshToken: 'refresh-1' })
    const refresher = createRefresher({ ...store, refresh: gw.refresh, onSignInRequired: jest.fn() })
    await refresher.refresh('expired')
    expect(gw.refreshCalls()).toBe(1)

    // A slow request sent with the old token comes back 401 now.
    await expect(refresher.refresh('expired')).resolves.toBe(true)
    expect(gw.refreshCalls()).toBe(1)
  })

  it('keeps the session when the refresh is rate limited, and signs out only on a refused token', async () => {
    const store = sessionStore({ accessToken: 'a', refreshToken: 'r' })
    const onSignInRequired = jest.fn()
    const refresher = createRefresher({ ...store, refresh: () => Promise.reject(new ApiError('RATE_LIMITED', 'slow down', 429)), onSignInRequired })

    await expect(refresher.refresh('a')).resolves.toBe(false)
    expect(store.getSession()).toEqual({ accessToken: 'a', refreshToken: 'r' })
    expect(onSignInRequired).not.toHaveBeenCalled()
  })
})

describe('the Taro transport', () => {

  it("turns Alipay's failure for a non-2xx status into a response, so a 401 refreshes and the envelope shows", async () => {
    jest.mocked(Taro.request).mockRejectedValue({ status: 401, data: { error: { code: 'UNAUTHENTICATED', message: '请先登录' } }, headers: {} })
    const client = createApiClient({ baseUrl: 'http://gw.test', transport: taroTransport })

    await expect(client.get('/me')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 })
  })

  it('keeps a failure without a status a network error', async () => {
    jest.mocked(Taro.request).mockRejectedValue({ errMsg: 'request:fail timeout' })
    const client = createApiClient({ baseUrl: 'http://gw.test', transport: taroTransport })

    await expect(client.get('/me')).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 0, message: 'request:fail timeout' })
  })
})
