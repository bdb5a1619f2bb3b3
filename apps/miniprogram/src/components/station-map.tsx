/** WeChat and Alipay: the platform's native map with a marker per station (H5: station-map.h5.tsx). */
import { Map } from '@tarojs/components'
import type { NearbyStation } from '@fuel/shared/client'

/** Copied as a file by config/index.ts: the native map wants a package path, not an inlined image. */
const MARKER_ICON = '/assets/marker.png'

export interface StationMapProps {
  centre: { lat: number; lng: number }
  radiusM: number
  stations: NearbyStation[]
  priceLabel(station: NearbyStation): string
  onOpen(stationId: number): void
}

export function StationMap({ centre, stations, priceLabel, onOpen }: StationMapProps) {
  const markers = stations.map((s) => ({
    id: s.id,
    latitude: s.location.lat,
    longitude: s.location.lng,
    iconPath: MARKER_ICON,
    width: 24,
    height: 24,
    title: s.name,
    callout: { content: `${s.name} ${priceLabel(s)}`, display: 'BYCLICK' as const, padding: 6, borderRadius: 6, borderWidth: 0, borderColor: '#ffffff', fontSize: 12, color: '#1f2329', bgColor: '#ffffff', textAlign: 'center' as const, anchorX: 0, anchorY: 0 },
  }))
  return (
    <Map
      className='station-map'
      latitude={centre.lat}
      longitude={centre.lng}
      scale={13}
      showLocation
      markers={markers}
      onCalloutTap={(e) => onOpen(Number((e.detail as { markerId: number }).markerId))}
      onError={() => undefined}
      style={{ width: '100%', height: '400rpx' }}
    />
  )
}
