import Taro from '@tarojs/taro'
import { render, screen } from '@testing-library/react'

import Index from './index'

// In the H5 build babel-plugin-transform-taroapi turns `Taro.request(...)` into a named import from
// @tarojs/taro-h5, so the default `Taro` object that jest sees has no `request`: the test installs one.
const taro = Taro as unknown as { request?: unknown }

function mockTaroRequest(impl: (options: { url: string; method: string }) => Promise<unknown>) {
  const request = jest.fn(impl)
  taro.request = request
  return request
}

describe('home page', () => {
  afterEach(() => {
    delete taro.request
  })

  it('shows the title 加油站 and 服务正常 when the gateway health check answers status ok', async () => {
    const request = mockTaroRequest(async () => ({ statusCode: 200, header: {}, data: { status: 'ok' } }))

    render(<Index />)

    expect(screen.getByText('加油站')).toBeTruthy()
    expect(await screen.findByText('服务正常')).toBeTruthy()
    expect(request).toHaveBeenCalledWith(expect.objectContaining({ url: 'http://gateway.test/api/v1/health', method: 'GET' }))
  })

  it('shows 服务暂不可用 when the gateway cannot be reached', async () => {
    mockTaroRequest(async () => {
      throw Object.assign(new Error('Failed to fetch'), { errMsg: 'request:fail' })
    })

    render(<Index />)

    expect(screen.getByText('加油站')).toBeTruthy()
    expect(await screen.findByText('服务暂不可用')).toBeTruthy()
  })

  it('shows 服务暂不可用 when the gateway answers with the error envelope', async () => {
    mockTaroRequest(async () => ({
      statusCode: 503,
      header: {},
      data: { error: { code: 'UNAVAILABLE', message: 'maintenance' } },
    }))

    render(<Index />)

    expect(await screen.findByText('服务暂不可用')).toBeTruthy()
  })
})
