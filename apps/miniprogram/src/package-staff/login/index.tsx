/** 员工登录: username and password, then the six-digit code sent by SMS to the phone on file. */
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Input } from '@nutui/nutui-react-taro'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { SmsChallenge } from '@fuel/shared/client'

import { ErrorLine } from '../../components/error-line'
import { requestStaffCode, verifyStaffCode } from '../../services/staff-api'
import { clearStaffData } from '../../services/staff-queries'

import './index.css'

export default function StaffLoginPage() {
  const client = useQueryClient()
  const reason = useRouter().params.reason
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [code, setCode] = useState('')
  const [challenge, setChallenge] = useState<SmsChallenge | null>(null)
  const sendCode = useMutation({ mutationFn: () => requestStaffCode(username.trim(), password), onSuccess: setChallenge })
  const verify = useMutation({
    mutationFn: () => verifyStaffCode(challenge!.challengeId, code),
    onSuccess: (session) => {
      clearStaffData(client)
      void Taro.redirectTo({ url: session.mustChangePassword ? '/package-staff/password/index' : '/package-staff/home/index' })
    },
  })
  const error = sendCode.error ?? verify.error
  return (
    <View className='staff-login'>
      <View className='staff-login__brand'>
        <View className='staff-login__logo'>员</View>
        <View className='staff-login__title'>员工入口</View>
        <View className='staff-login__subtitle'>加油员 · 站长 · 区域管理员</View>
      </View>
      {reason === 'expired' && !challenge && <View className='staff-login__notice'>登录已超时或已退出，请重新登录</View>}
      {!challenge ? (
        <View className='staff-login__form'>
          <Input className='staff-login__input' placeholder='用户名' value={username} onChange={setUsername} maxLength={64} />
          <Input className='staff-login__input' placeholder='密码' type='password' value={password} onChange={setPassword} maxLength={128} />
          <Button type='primary' block size='large' disabled={username.trim().length < 3 || !password} loading={sendCode.isPending} onClick={() => sendCode.mutate()}>
            获取短信验证码
          </Button>
        </View>
      ) : (
        <View className='staff-login__form'>
          <View className='staff-login__sent'>验证码已发送至 {challenge.phoneMasked}，5 分钟内有效</View>
          <Input className='staff-login__input' placeholder='6 位短信验证码' type='digit' value={code} onChange={(v) => setCode(v.replace(/\D/g, '').slice(0, 6))} maxLength={6} />
          <Button type='primary' block size='large' disabled={code.length !== 6} loading={verify.isPending} onClick={() => verify.mutate()}>
            登录
          </Button>
          <Button fill='none' block onClick={() => { setChallenge(null); setCode(''); verify.reset() }}>
            重新输入账号
          </Button>
        </View>
      )}
      <ErrorLine error={error} className='staff-login__error' />
      <View className='staff-login__terms'>员工账号仅限本人使用，所有操作均记录在审计日志中</View>
    </View>
  )
}
