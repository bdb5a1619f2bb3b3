import { ApiError, type ApiRequest, type ApiResponse, createApiClient, type Transport } from './request'

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
})
