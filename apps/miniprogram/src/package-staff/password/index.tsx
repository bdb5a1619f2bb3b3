/** 修改密码: required after a one-time password and every 90 days; the rule is checked again by the server. */
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Input } from '@nutui/nutui-react-taro'
import { useState } from 'react'

import { ErrorLine } from '../../components/error-line'
import { useStaffGate } from '../../hooks/use-staff-gate'
import { passwordChanged } from '../../services/staff-api'
import { useChangePassword } from '../../services/staff-queries'

import './index.css'

export default function StaffPasswordPage() {
  const session = useStaffGate(undefined, { passwordChange: true })
  const [currentPassword, setCurrent] = useState('')
  const [newPassword, setNew] = useState('')
  const [repeat, setRepeat] = useState('')
  const change = useChangePassword()
  if (!session) return <View className='staff-password' />
  const mismatch = repeat.length > 0 && repeat !== newPassword
  const submit = () =>
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          passwordChanged()
          void Taro.showToast({ title: '密码已修改', icon: 'success', duration: 1200 })
          void Taro.redirectTo({ url: '/package-staff/home/index' })
        },
      },
    )
  return (
    <View className='staff-password'>
      {session.mustChangePassword && <View className='staff-password__notice'>首次登录或密码已使用 90 天，请先修改密码</View>}
      <View className='staff-password__form'>
        <Input className='staff-password__input' type='password' placeholder='当前密码（或一次性密码）' value={currentPassword} onChange={setCurrent} />
        <Input className='staff-password__input' type='password' placeholder='新密码' value={newPassword} onChange={setNew} />
        <Input className='staff-password__input' type='password' placeholder='再次输入新密码' value={repeat} onChange={setRepeat} />
        <View className='staff-password__rule'>至少 8 位，包含大写字母、小写字母、数字、符号中的至少三类，且不能包含用户名</View>
        {mismatch && <View className='staff-password__error'>两次输入的新密码不一致</View>}
        <Button type='primary' block disabled={!currentPassword || newPassword.length < 8 || repeat !== newPassword} loading={change.isPending} onClick={submit}>
          确认修改
        </Button>
        <ErrorLine error={change.error} className='staff-password__error' />
      </View>
    </View>
  )
}
