/** The staff home: who is signed in, where, and the screens of their role. */
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Cell, CellGroup } from '@nutui/nutui-react-taro'
import { useQueryClient } from '@tanstack/react-query'

import { ROLE_NAMES, SCREEN_TITLES, screensFor } from '../../domain/staff'
import { useStaffGate } from '../../hooks/use-staff-gate'
import { staffSignOut } from '../../services/staff-api'
import { clearStaffData, usePlaceNames } from '../../services/staff-queries'

import './index.css'

export default function StaffHomePage() {
  const session = useStaffGate()
  const client = useQueryClient()
  const names = usePlaceNames(session?.staff.regionCode ?? null)
  if (!session) return <View className='staff-home' />
  const { staff } = session
  const signOut = async () => {
    await staffSignOut()
    clearStaffData(client)
    void Taro.redirectTo({ url: '/package-staff/login/index' })
  }
  return (
    <View className='staff-home'>
      <View className='staff-home__card'>
        <View className='staff-home__name'>{staff.displayName}</View>
        <View className='staff-home__meta'>
          {ROLE_NAMES[staff.role]} · {staff.stationId ? names.station(staff.stationId) : names.region(staff.regionCode)} · {staff.phoneMasked}
        </View>
      </View>
      <CellGroup>
        {screensFor(staff.role).map((screen) => (
          <Cell key={screen} title={SCREEN_TITLES[screen].title} extra={SCREEN_TITLES[screen].note} clickable onClick={() => void Taro.navigateTo({ url: `/package-staff/${screen}/index` })} />
        ))}
        <Cell title='修改密码' extra='至少 8 位，三类字符' clickable onClick={() => void Taro.navigateTo({ url: '/package-staff/password/index' })} />
      </CellGroup>
      <View className='staff-home__actions'>
        <Button block type='default' onClick={() => void signOut()}>
          退出登录
        </Button>
      </View>
      <View className='staff-home__note'>空闲 30 分钟或连续登录满 8 小时后需重新登录</View>
    </View>
  )
}
