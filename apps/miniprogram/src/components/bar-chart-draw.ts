/**
 * Grouped bar charts with AntV F2 (a canvas chart library for mobile and mini-programs). F2 draws on any
 * CanvasRenderingContext2D-like context, so each platform only supplies its canvas (bar-chart.tsx for the
 * mini-programs' 2d canvas node, bar-chart.h5.tsx for a DOM canvas); the chart itself is described here once.
 * F2's own element tree is built with its `jsx` function, not React's.
 */
import { Axis, Canvas, Chart, Interval, jsx, Legend, TextGuide } from '@antv/f2'

export interface BarDatum {
  label: string
  series: string
  value: number
}

export interface ChartSize {
  width: number
  height: number
  pixelRatio: number
}

const COLORS = ['#d0282c', '#0958d9', '#078a44', '#b45309']
/** The colour F2 gives a series: the range in the order the series first appear. */
const seriesColor = (data: BarDatum[], series: string) => COLORS[[...new Set(data.map((d) => d.series))].indexOf(series) % COLORS.length]
/** F2's `jsx` is typed for its TSX pragma; called as a plain function its generic component types do not line up. */
const element = jsx as unknown as (type: unknown, props: Record<string, unknown>) => ReturnType<typeof jsx>

/** Counts and amounts on four whole-number steps from zero (no 0.4 of an order). */
export function valueScale(data: BarDatum[]): { min: number; max: number; tickInterval: number } {
  const top = Math.max(0, ...data.map((d) => d.value))
  const step = Math.max(1, Math.ceil(top / 4))
  return { min: 0, max: step * 4, tickInterval: step }
}

/** An 11 px digit is about 6.5 px wide; a value fits over its bar with room to spare on either side. */
const DIGIT_PX = 6.5
const LABEL_GAP_PX = 8
/** The plot is about this share of the canvas width (the value axis takes the rest). */
const PLOT_SHARE = 0.85

/**
 * The bars that get their value written over them (never an empty one): every bar when the values fit over the
 * bars with room between them, else only the latest period's, which is what a manager looks for first (fourteen
 * days of two series leave about 12 px a bar on a phone).
 */
export function labelledBars(data: BarDatum[], widthPx: number): BarDatum[] {
  const categories = [...new Set(data.map((d) => d.label))]
  const series = new Set(data.map((d) => d.series)).size || 1
  const barPx = (widthPx * PLOT_SHARE) / Math.max(1, categories.length) / series
  const widest = Math.max(0, ...data.map((d) => String(d.value).length)) * DIGIT_PX + LABEL_GAP_PX
  const latest = categories.at(-1)
  return data.filter((d) => d.value > 0 && (barPx >= widest || d.label === latest))
}

// Sizes as in the app's stylesheets, in 750-wide design pixels: '22px' is an 11 px label (px2hd below).
const LABEL = { fontSize: '22px', fill: '#5c6370' }

export async function drawBars(context: CanvasRenderingContext2D, size: ChartSize, data: BarDatum[]): Promise<() => void> {
  const chart = element(Chart, {
    data,
    scale: { value: valueScale(data) },
    children: [
      element(Legend, { position: 'top', nameStyle: { fontSize: '24px', fill: '#5c6370' } }),
      // Fourteen days do not fit at 11 px: every other date is left out rather than run together.
      element(Axis, { field: 'label', labelAutoHide: true, style: { label: LABEL } }),
      element(Axis, { field: 'value', style: { label: LABEL } }),
      element(Interval, { x: 'label', y: 'value', color: { field: 'series', range: COLORS }, adjust: { type: 'dodge', marginRatio: 0.1 } }),
      // Each value over its own bar (`precise` follows the dodge to the series' bar).
      // In its series' colour, so two values side by side do not read as one number.
      ...labelledBars(data, size.width).map((d) =>
        element(TextGuide, { records: [d], precise: true, content: String(d.value), offsetY: '-6px', style: { ...LABEL, fill: seriesColor(data, d.series), fontWeight: 'bold', textAlign: 'center', textBaseline: 'bottom' } }),
      ),
    ],
  })
  // F2's own px2hd reads the page's root font size (Taro's H5 rem, about 20 px on a phone) and drew labels at 5 px:
  // half a design pixel per CSS pixel, as the rest of the app is laid out.
  const canvas = new Canvas({ context, ...size, px2hd: (px: number) => px / 2, animate: false, children: chart })
  await canvas.render()
  return () => canvas.destroy()
}

/**
 * For a useEffect: draws when the platform's canvas is ready (null: it is gone), and returns the cleanup, which
 * destroys the chart, or stops one still being drawn from appearing.
 */
export function drawWhenReady(canvas: Promise<{ context: CanvasRenderingContext2D; size: ChartSize } | null>, data: BarDatum[]): () => void {
  let undraw: (() => void) | undefined
  let cancelled = false
  void canvas.then(async (ready) => {
    if (!ready || cancelled) return
    const destroy = await drawBars(ready.context, ready.size, data)
    if (cancelled) destroy()
    else undraw = destroy
  })
  return () => {
    cancelled = true
    undraw?.()
  }
}
