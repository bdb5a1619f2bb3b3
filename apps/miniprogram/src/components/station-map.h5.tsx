/**
 * H5: an offline map (no remote map SDK). Stations are placed by their offsets from the driver inside the search
 * circle, drawn in SVG, each with its price in a bubble placed clear of the others; tapping a pin opens the station.
 */
import { View } from '@tarojs/components'

import { labelWidth, placeLabels, project } from '../domain/map-projection'
import type { StationMapProps } from './station-map'

import './station-map.css'

const FONT = 4.2
/** The side of a pin's tap target, in map units (100 across the map's 220 px height). */
const HIT = 20

export function StationMap({ centre, radiusM, stations, priceLabel, onOpen }: StationMapProps) {
  const size = 100
  const projected = stations.map((station) => {
    const p = project(centre, station.location, radiusM, 0.12)
    const text = priceLabel(station)
    return { station, x: p.x * size, y: p.y * size, text, width: labelWidth(text, FONT), height: FONT + 1.6 }
  })
  // Price bubbles placed clear of each other and of the pins (map-projection.ts), nearest station first.
  const labels = placeLabels(projected, size)
  const pins = projected.map((p, i) => ({ ...p, label: labels[i] }))
  return (
    <View className='station-map station-map--offline' aria-label='附近加油站地图'>
      <svg viewBox={`0 0 ${size} ${size}`} width='100%' height='100%' preserveAspectRatio='xMidYMid meet' role='group' aria-label='附近加油站地图'>
        <rect x='0' y='0' width={size} height={size} fill='#eef3f8' />
        {[20, 40, 60, 80].map((v) => (
          <g key={v} stroke='#dde5ee' strokeWidth='0.3'>
            <line x1={v} y1='0' x2={v} y2={size} />
            <line x1='0' y1={v} x2={size} y2={v} />
          </g>
        ))}
        <circle cx='50' cy='50' r={50 * 0.94} fill='#d0282c0d' stroke='#d0282c55' strokeDasharray='1.5 1' strokeWidth='0.4' />
        <circle cx='50' cy='50' r='1.8' fill='#1677ff' stroke='#ffffff' strokeWidth='0.8' />
        {pins.map(({ station: s, x, y, text, label }) => (
          <g key={s.id} className='station-map__pin' data-station-id={s.id} onClick={() => onOpen(s.id)} style={{ cursor: 'pointer' }} role='button' aria-label={`${s.name} ${text}`}>
            {/* Invisible, around the pin's head: a 44 px target (the map is about 2.2 px a unit), not the 7 px pin. */}
            <rect x={x - HIT / 2} y={y - HIT + 2} width={HIT} height={HIT} fill='transparent' />
            <path d={`M ${x} ${y} l -3 -5.4 a 3.5 3.5 0 1 1 6 0 z`} fill={s.openNow ? '#d0282c' : '#5c6370'} />
            <rect className='station-map__label' x={label.left} y={label.top} width={label.width} height={label.height} rx='1.2' fill='#ffffff' stroke={s.openNow ? '#d0282c' : '#5c6370'} strokeWidth='0.3' />
            <text x={label.left + label.width / 2} y={label.top + label.height - 1.3} fontSize={FONT} textAnchor='middle' fill='#1f2329'>
              {text}
            </text>
          </g>
        ))}
      </svg>
      <View className='station-map__legend'>半径 {radiusM / 1000} 公里 · 蓝点为您的位置</View>
    </View>
  )
}
