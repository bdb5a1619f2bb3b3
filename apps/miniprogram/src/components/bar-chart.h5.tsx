import { View } from '@tarojs/components'
import { useEffect, useRef } from 'react'

import { drawWhenReady, type BarDatum } from './bar-chart-draw'

import './bar-chart.css'

/** H5: a DOM canvas sized to its box, drawn by F2 (bar-chart-draw.ts); redrawn when the data changes. */
export function BarChart({ data, title, height = 220 }: { data: BarDatum[]; title: string; height?: number }) {
  const ref = useRef<HTMLCanvasElement | null>(null)
  const key = JSON.stringify(data)
  useEffect(() => {
    const element = ref.current
    const context = element?.getContext('2d')
    if (!element || !context) return undefined
    const width = element.parentElement?.clientWidth || 320
    const pixelRatio = window.devicePixelRatio || 1
    element.width = width * pixelRatio
    element.height = height * pixelRatio
    element.style.width = `${width}px`
    element.style.height = `${height}px`
    return drawWhenReady(Promise.resolve({ context, size: { width, height, pixelRatio } }), data)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- redraw on content, not identity
  }, [key, height])
  return (
    <View className='bar-chart'>
      <View className='bar-chart__title'>{title}</View>
      <canvas ref={ref} className='bar-chart__canvas' role='img' aria-label={title} />
    </View>
  )
}
