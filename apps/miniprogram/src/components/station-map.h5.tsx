/**
 * H5: an offline map (no remote map SDK). Stations are placed by their offsets from the driver inside the search
 * circle, drawn in SVG; tapping a pin opens the station.
 */
import { View } from '@tarojs/components'

import { project } from '../domain/map-projection'
import type { StationMapProps } from './station-map'

import './station-map.css'

export function StationMap({ centre, radiusM, stations, priceLabel, onOpen }: StationMapProps) {
  const size = 100
  return (
    <View className='station-map station-map--offline' aria-label='附近加油站地图'>
      <svg viewBox={`0 0 ${size} ${size}`} width='100%' height='100%' preserveAspectRatio='xMidYMid meet' role='img'>
        <rect x='0' y='0' width={size} height={size} fill='#eef3f8' />
        {[20, 40, 60, 80].map((v) => (
          <g key={v} stroke='#dde5ee' strokeWidth='0.3'>
            <line x1={v} y1='0' x2={v} y2={size} />
            <line x1='0' y1={v} x2={size} y2={v} />
          </g>
        ))}
        <circle cx='50' cy='50' r={50 * 0.94} fill='#e4393c0d' stroke='#e4393c55' strokeDasharray='1.5 1' strokeWidth='0.4' />
        <circle cx='50' cy='50' r='1.8' fill='#1677ff' stroke='#ffffff' strokeWidth='0.8' />
        {stations.map((s) => {
          const p = project(centre, s.location, radiusM, 0.12)
          const x = p.x * size
          const y = p.y * size
          // The price label sits above its pin, or below it near the top edge so it is never cut off.
          return (
            <g key={s.id} className='station-map__pin' data-station-id={s.id} onClick={() => onOpen(s.id)} style={{ cursor: 'pointer' }}>
              <path d={`M ${x} ${y} l -3 -5.4 a 3.5 3.5 0 1 1 6 0 z`} fill={s.openNow ? '#e4393c' : '#9aa0a6'} />
              <text x={x} y={y < 20 ? y + 5 : y - 9} fontSize='4.2' textAnchor='middle' fill='#1f2329' stroke='#ffffff' strokeWidth='0.6' paintOrder='stroke'>
                {priceLabel(s)}
              </text>
            </g>
          )
        })}
      </svg>
      <View className='station-map__legend'>半径 {radiusM / 1000} 公里 · 蓝点为您的位置</View>
    </View>
  )
}
