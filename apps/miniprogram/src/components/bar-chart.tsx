import { Canvas, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useId } from 'react'

import { drawWhenReady, type BarDatum, type ChartSize } from './bar-chart-draw'

import './bar-chart.css'

type CanvasNode = { getContext(type: '2d'): CanvasRenderingContext2D; width: number; height: number }

/** The `type="2d"` canvas node by id, once the page has laid it out (null when it is not there). */
function canvasNode(id: string): Promise<{ context: CanvasRenderingContext2D; size: ChartSize } | null> {
  return new Promise((resolve) =>
    Taro.nextTick(() =>
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true })
        .exec((result: Array<{ node?: CanvasNode; width: number; height: number } | null>) => {
          const found = result[0]
          if (!found?.node) return resolve(null)
          const pixelRatio = Taro.getSystemInfoSync().pixelRatio || 2
          found.node.width = found.width * pixelRatio
          found.node.height = found.height * pixelRatio
          resolve({ context: found.node.getContext('2d'), size: { width: found.width, height: found.height, pixelRatio } })
        }),
    ),
  )
}

/**
 * WeChat and Alipay: a `type="2d"` canvas whose node gives F2 a standard 2d context (bar-chart-draw.ts); H5 has
 * its own file (bar-chart.h5.tsx). Redrawn when the data changes.
 */
export function BarChart({ data, title, height = 220 }: { data: BarDatum[]; title: string; height?: number }) {
  const id = `chart${useId().replace(/[^a-zA-Z0-9]/g, '')}`
  const key = JSON.stringify(data)
  // eslint-disable-next-line react-hooks/exhaustive-deps -- redraw on content, not identity
  useEffect(() => drawWhenReady(canvasNode(id), data), [key, id])
  return (
    <View className='bar-chart'>
      <View className='bar-chart__title'>{title}</View>
      <Canvas type='2d' id={id} className='bar-chart__canvas' style={{ height: `${height}px` }} />
    </View>
  )
}
