import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'

import { APP_TITLE, HEALTH_CHECKING, type HealthView, healthView } from '../../domain/health'
import { fetchHealth } from '../../services/health'

import './index.css'

export default function Index() {
  const [health, setHealth] = useState<HealthView>(HEALTH_CHECKING)

  useEffect(() => {
    let active = true
    fetchHealth().then(
      (body) => active && setHealth(healthView(body)),
      () => active && setHealth(healthView(undefined)),
    )
    return () => {
      active = false
    }
  }, [])

  return (
    <View className='home'>
      <Text className='home__title'>{APP_TITLE}</Text>
      <Text className={`home__status home__status--${health.tone}`}>{health.text}</Text>
    </View>
  )
}
