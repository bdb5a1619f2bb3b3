import { HEALTH_DOWN, HEALTH_OK, healthStatusText, healthView, isHealthy } from './health'

describe('health display', () => {
  it('shows 服务正常 when the gateway answers status "ok"', () => {
    expect(healthStatusText({ status: 'ok' })).toBe('服务正常')
    expect(healthView({ status: 'ok', uptime: 12 })).toEqual(HEALTH_OK)
  })

  it.each([
    ['a status other than "ok"', { status: 'degraded' }],
    ['an upper-case OK', { status: 'OK' }],
    ['a body without status', {}],
    ['an error envelope', { error: { code: 'UNAVAILABLE', message: 'down' } }],
    ['no body (the call failed)', undefined],
    ['null', null],
    ['a text body', 'ok'],
  ])('shows 服务暂不可用 for %s', (_label, body) => {
    expect(isHealthy(body)).toBe(false)
    expect(healthStatusText(body)).toBe('服务暂不可用')
    expect(healthView(body)).toEqual(HEALTH_DOWN)
  })
})
