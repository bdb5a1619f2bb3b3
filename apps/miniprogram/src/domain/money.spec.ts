import { formatFen } from './money'

describe('formatFen', () => {
  it.each([
    [1234, '¥12.34'],
    [0, '¥0.00'],
    [5, '¥0.05'],
    [50, '¥0.50'],
    [100, '¥1.00'],
    [99, '¥0.99'],
    [100000, '¥1000.00'],
    [-1234, '-¥12.34'],
    [-5, '-¥0.05'],
    [Number.MAX_SAFE_INTEGER, '¥90071992547409.91'],
  ])('formats %i fen as %s', (fen, text) => {
    expect(formatFen(fen)).toBe(text)
  })

  it('formats values that floats get wrong (0.1 + 0.2 style) exactly', () => {
    expect(formatFen(30)).toBe('¥0.30')
    expect(formatFen(1005)).toBe('¥10.05')
    expect(formatFen(111111111111111)).toBe('¥1111111111111.11')
  })

  it.each([12.5, 0.1, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])(
    'rejects %p, which is not a safe integer number of fen',
    (fen) => {
      expect(() => formatFen(fen)).toThrow(RangeError)
    },
  )
})
