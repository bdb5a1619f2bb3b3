import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Input } from '@nutui/nutui-react-taro'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'

import { userMessage } from '../../domain/error-messages'
import { startSession } from '../../services/api'
import { signIn, signInMethod } from '../../services/platform'
import { queryKeys } from '../../services/queries'

import './index.css'

/** Back to where the member came from, or to 我的 when the sign-in page is the only page. */
function leave() {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
  else void Taro.switchTab({ url: '/pages/me/index' })
}

export default function LoginPage() {
  const client = useQueryClient()
  const expired = useRouter().params.reason === 'expired'
  const [name, setName] = useState('')
  // Consent to the terms is asked, never assumed (PIPL): unticked until the member ticks it.
  const [agreed, setAgreed] = useState(false)
  const login = useMutation({
    mutationFn: () => signIn(name.trim() || undefined),
    onSuccess: (session) => {
      startSession(session)
      client.setQueryData(queryKeys.me, session.user)
      void Taro.showToast({ title: '登录成功', icon: 'success', duration: 1200 })
      leave()
    },
  })
  const nameOk = !signInMethod.needsName || /^[A-Za-z0-9_-]{1,48}$/.test(name.trim())
  return (
    <View className='login'>
      <View className='login__brand'>
        <View className='login__logo'>油</View>
        <View className='login__title'>加油站会员</View>
        <View className='login__subtitle'>会员专享油价 · 新人立得 2 张满200减15加油券</View>
      </View>
      {expired && <View className='login__expired'>登录已过期，请重新登录</View>}
      {DEV_SIGN_IN && signInMethod.needsName && (
        <View className='login__dev'>
          <Input placeholder='测试账号名（字母、数字）' value={name} onChange={setName} maxLength={48} />
        </View>
      )}
      <Button
        type='primary'
        block
        size='large'
        disabled={!signInMethod.available || !nameOk}
        loading={login.isPending}
        onClick={() => (agreed ? login.mutate() : void Taro.showToast({ title: '请先阅读并同意用户服务协议和隐私政策', icon: 'none', duration: 2000 }))}
      >
        {signInMethod.label}
      </Button>
      {login.isError && (
        <View className='login__error' role='alert'>
          {userMessage(login.error)}
        </View>
      )}
      {signInMethod.note && <View className='login__note'>{signInMethod.note}</View>}
      <View className={`login__agree${agreed ? ' login__agree--on' : ''}`} role='checkbox' aria-checked={agreed} onClick={() => setAgreed(!agreed)}>
        <View className='login__tick'>{agreed ? '✓' : ''}</View>
        <View>我已阅读并同意《用户服务协议》和《隐私政策》</View>
      </View>
    </View>
  )
}
