import { View } from '@tarojs/components'
import type { Pump } from '@fuel/shared/client'

/** The forecourt seen from above: each pump island at its position (0–100 on each axis), with its nozzles' grades. */
export function PumpLayout({ pumps }: { pumps: Pump[] }) {
  return (
    <View className='pumps' aria-label='油枪分布图'>
      {pumps.map((pump) => (
        <View key={pump.number} className='pumps__island' style={{ left: `${pump.position.x}%`, top: `${pump.position.y}%` }}>
          <View className='pumps__number'>{pump.number}号</View>
          <View className='pumps__grades'>{[...new Set(pump.nozzles.map((n) => `${n.grade}#`))].join(' ')}</View>
        </View>
      ))}
    </View>
  )
}
