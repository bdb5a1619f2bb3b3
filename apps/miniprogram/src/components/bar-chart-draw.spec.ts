/**
 * The chart as F2 draws it, on a recording 2d context (jsdom has no canvas): every piece of text it writes — axis
 * labels, legend, values on bars — is at least 11 CSS px, the size a manager reads on a phone without zooming.
 */
import { drawBars, type BarDatum } from './bar-chart-draw'

/** A CanvasRenderingContext2D that draws nothing and remembers the font of each text it is asked to write. */
function recordingContext(pixelRatio: number) {
  const texts: Array<{ text: string; cssPx: number }> = []
  const transforms: number[][] = []
  let font = '10px sans-serif'
  const noop = () => undefined
  const context = new Proxy(
    {
      get font() {
        return font
      },
      set font(value: string) {
        font = value
      },
      canvas: { width: 360 * pixelRatio, height: 220 * pixelRatio, style: {} },
      measureText: (text: string) => ({ width: String(text).length * Number(/(\d+(\.\d+)?)px/.exec(font)?.[1] ?? 10) * 0.6 }),
      // The renderer scales the context by the pixel ratio (setTransform), so a font's px are CSS px.
      fillText: (text: string) => texts.push({ text: String(text), cssPx: Number(/(\d+(\.\d+)?)px/.exec(font)![1]) }),
      setTransform: (...matrix: number[]) => transforms.push(matrix),
      getImageData: () => ({ data: new Uint8ClampedArray(4) }),
      createLinearGradient: () => ({ addColorStop: noop }),
      createPattern: () => null,
      getTransform: () => ({ a: 1, b: 0, c: 0, d: 1, e: 0, f: 0 }),
      isPointInPath: () => false,
    } as Record<string, unknown>,
    { get: (target, key) => (key in target ? target[key as string] : noop), set: (target, key, value) => ((target[key as string] = value), true) },
  )
  return { context: context as unknown as CanvasRenderingContext2D, texts, transforms }
}

describe('bar chart text', () => {
  it('writes every label and value at 11 px or more', async () => {
    const data: BarDatum[] = ['11/29', '11/30', '12/1', '12/2'].flatMap((label, i) => [
      { label, series: '商城订单', value: i + 1 },
      { label, series: '加油订单', value: 2 * i },
    ])
    const { context, texts, transforms } = recordingContext(2)
    // F2 measures text on an offscreen canvas of its own: here a recording one too (its texts are not drawn).
    const measuring = recordingContext(1).context
    jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => measuring as never)
    const destroy = await drawBars(context, { width: 360, height: 220, pixelRatio: 2 }, data)
    await new Promise((resolve) => setTimeout(resolve, 200)) // the renderer draws on the next animation frame
    destroy()
    expect(texts.map((t) => t.text)).toEqual(expect.arrayContaining(['商城订单', '加油订单', '12/2', '4', '6']))
    expect(transforms.some(([a, , , d]) => a === 2 && d === 2)).toBe(true) // drawn at the pixel ratio
    expect(texts.filter((t) => t.cssPx < 11)).toEqual([])
  })
})
