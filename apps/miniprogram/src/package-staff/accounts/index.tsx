/**
 * 员工管理 (regional admins, their region): accounts by station; new accounts and password resets give a one-time
 * password shown once here (the person must change it at sign-in); disabling ends their sessions at once.
 */
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Input, Tag } from '@nutui/nutui-react-taro'
import { useState } from 'react'
import type { OneTimePassword, StaffAccount, StaffRole, StationSummary } from '@fuel/shared/client'

import { ErrorLine } from '../../components/error-line'
import { QueryState } from '../../components/query-state'
import { staffMessage } from '../../domain/error-messages'
import { ROLE_NAMES } from '../../domain/staff'
import { useStaffGate } from '../../hooks/use-staff-gate'
import { useAccountActions, usePlaceNames, useStaffAccounts, type NewAccount } from '../../services/staff-queries'

import './index.css'

export default function AccountsPage() {
  const session = useStaffGate(['regional_admin'])
  const accounts = useStaffAccounts()
  const names = usePlaceNames(session?.staff.regionCode ?? null)
  const stations = names.stations
  const { create, act } = useAccountActions()
  const [issued, setIssued] = useState<OneTimePassword | null>(null)
  const [creating, setCreating] = useState(false)
  if (!session) return <View className='accounts' />
  const stationName = (id: number | null) => names.station(id) ?? '区域'
  const run = (action: Parameters<typeof act.mutate>[0], done: string) =>
    act.mutate(action, {
      onSuccess: (result) => {
        if ('oneTimePassword' in result) setIssued(result)
        void Taro.showToast({ title: done, icon: 'success', duration: 1200 })
      },
    })
  const error = create.error ?? act.error
  return (
    <View className='accounts'>
      {issued && (
        <View className='accounts__otp' role='status'>
          <View>
            {issued.account.displayName}（{issued.account.username}）的一次性密码：
          </View>
          <View className='accounts__otp-value' aria-label={issued.oneTimePassword}>
            {issued.oneTimePassword.match(/.{1,4}/g)!.join(' ')}
          </View>
          <Button className='accounts__otp-copy' type='primary' fill='outline' onClick={() => void Taro.setClipboardData({ data: issued.oneTimePassword }).then(() => Taro.showToast({ title: '已复制', icon: 'success', duration: 1200 }))}>
            复制密码
          </Button>
          <View className='accounts__otp-note'>仅显示一次，请当面告知本人；首次登录须修改密码</View>
        </View>
      )}
      <ErrorLine error={error} className='accounts__error' />
      <View className='accounts__bar'>
        <Button size='small' type='primary' onClick={() => setCreating(!creating)}>
          {creating ? '收起' : '新建员工'}
        </Button>
      </View>
      {creating && (
        <NewAccountForm
          stations={stations.data?.items ?? []}
          busy={create.isPending}
          onSubmit={(input) =>
            create.mutate(input, {
              onSuccess: (result) => {
                setIssued(result)
                setCreating(false)
              },
            })
          }
        />
      )}
      <QueryState query={accounts} rows={6} empty={(accounts.data ?? []).length === 0} emptyText='本区域暂无员工' describe={staffMessage}>
        {() => (
          <View>
            {(accounts.data ?? []).map((account) => (
              <AccountCard key={account.id} account={account} stationName={stationName(account.stationId)} stations={stations.data?.items ?? []} self={account.id === session.staff.id} busy={act.isPending} run={run} />
            ))}
          </View>
        )}
      </QueryState>
    </View>
  )
}

function AccountCard({ account, stationName, stations, self, busy, run }: { account: StaffAccount; stationName: string; stations: StationSummary[]; self: boolean; busy: boolean; run: (action: Parameters<ReturnType<typeof useAccountActions>['act']['mutate']>[0], done: string) => void }) {
  const [moving, setMoving] = useState(false)
  return (
    <View className='accounts__card' data-username={account.username}>
      <View className='accounts__top'>
        <View className='accounts__name'>
          {account.displayName} <View className='accounts__username'>{account.username}</View>
        </View>
        {account.status === 'disabled' ? <Tag type='default'>已停用</Tag> : account.mustChangePassword ? <Tag type='warning'>待改密</Tag> : <Tag type='success'>正常</Tag>}
      </View>
      <View className='accounts__meta'>
        {ROLE_NAMES[account.role]} · {stationName} · {account.phoneMasked}
      </View>
      {!self && (
        <View className='accounts__actions'>
          {account.status === 'active' ? (
            <Button size='small' fill='outline' disabled={busy} onClick={() => run({ kind: 'disable', staffId: account.id }, '已停用')}>
              停用
            </Button>
          ) : (
            <Button size='small' fill='outline' disabled={busy} onClick={() => run({ kind: 'enable', staffId: account.id }, '已启用')}>
              启用
            </Button>
          )}
          <Button size='small' fill='outline' disabled={busy} onClick={() => run({ kind: 'reset-password', staffId: account.id }, '密码已重置')}>
            重置密码
          </Button>
          {account.role !== 'regional_admin' && (
            <Button size='small' fill='outline' disabled={busy} onClick={() => setMoving(!moving)}>
              调站
            </Button>
          )}
        </View>
      )}
      {moving && (
        <View className='accounts__stations'>
          {stations
            .filter((s) => s.id !== account.stationId)
            .map((s) => (
              <View key={s.id} className='accounts__station' onClick={() => { setMoving(false); run({ kind: 'move', staffId: account.id, stationId: s.id }, '已调站') }}>
                {s.name}
              </View>
            ))}
        </View>
      )}
    </View>
  )
}

function NewAccountForm({ stations, busy, onSubmit }: { stations: StationSummary[]; busy: boolean; onSubmit: (input: NewAccount) => void }) {
  const [username, setUsername] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [phone, setPhone] = useState('')
  const [role, setRole] = useState<StaffRole>('attendant')
  const [stationId, setStationId] = useState<number | null>(null)
  const needsStation = role !== 'regional_admin'
  const ready = /^[a-z0-9][a-z0-9._-]{2,63}$/.test(username) && displayName.trim() && /^1\d{10}$/.test(phone) && (!needsStation || stationId !== null)
  return (
    <View className='accounts__form'>
      <Input className='accounts__input' placeholder='用户名（小写字母、数字、. _ -）' value={username} onChange={(v) => setUsername(v.trim().toLowerCase())} maxLength={64} />
      <Input className='accounts__input' placeholder='姓名' value={displayName} onChange={setDisplayName} maxLength={32} />
      <Input className='accounts__input' placeholder='手机号（接收登录验证码）' type='digit' value={phone} onChange={(v) => setPhone(v.replace(/\D/g, '').slice(0, 11))} maxLength={11} />
      <View className='accounts__chips'>
        {(['attendant', 'manager', 'regional_admin'] as StaffRole[]).map((r) => (
          <View key={r} className={`accounts__chip${role === r ? ' accounts__chip--on' : ''}`} onClick={() => setRole(r)}>
            {ROLE_NAMES[r]}
          </View>
        ))}
      </View>
      {needsStation && (
        <View className='accounts__chips'>
          {stations.map((s) => (
            <View key={s.id} className={`accounts__chip${stationId === s.id ? ' accounts__chip--on' : ''}`} onClick={() => setStationId(s.id)}>
              {s.name}
            </View>
          ))}
        </View>
      )}
      <Button type='primary' block disabled={!ready} loading={busy} onClick={() => onSubmit({ username, displayName: displayName.trim(), phone, role, stationId: needsStation ? stationId : null })}>
        创建账号
      </Button>
    </View>
  )
}
