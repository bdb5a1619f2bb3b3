import { Tabs } from '@nutui/nutui-react-taro'
import { STATS_PERIODS, type StatsPeriod } from '@fuel/shared/client'

import { PERIOD_NAMES } from '../domain/staff'

/** 按日 / 按周 / 按月 for the staff figures. */
export function PeriodTabs({ value, onChange }: { value: StatsPeriod; onChange: (period: StatsPeriod) => void }) {
  return (
    <Tabs value={value} onChange={(next) => onChange(next as StatsPeriod)}>
      {STATS_PERIODS.map((period) => (
        <Tabs.TabPane key={period} value={period} title={PERIOD_NAMES[period]} />
      ))}
    </Tabs>
  )
}
