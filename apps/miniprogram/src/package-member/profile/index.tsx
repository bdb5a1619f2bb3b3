import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Cell, CellGroup, DatePicker, Input } from '@nutui/nutui-react-taro'
import type { MemberProfile } from '@fuel/shared/client'
import { useState } from 'react'

import { PhoneBinder } from '../../components/phone-binder'
import { QueryState } from '../../components/query-state'
import { userMessage } from '../../domain/error-messages'
import { useSignedIn } from '../../hooks/use-session'
import { useBindPhone, useMe, useUpdateProfile } from '../../services/queries'
import { birthdayText, toIsoDate } from './profile-logic'

import './index.css'

const toast = (title: string) => void Taro.showToast({ title, icon: 'none', duration: 2000 })

export default function ProfilePage() {
  const me = useMe(useSignedIn())
  return (
    <View className='profile'>
      <QueryState query={me} rows={5}>
        {() => <ProfileForm profile={me.data!} />}
      </QueryState>
    </View>
  )
}

function ProfileForm({ profile }: { profile: MemberProfile }) {
  const update = useUpdateProfile()
  const bind = useBindPhone()
  const [nickname, setNickname] = useState(profile.nickname ?? '')
  const [pickingBirthday, setPickingBirthday] = useState(false)
  const save = (changes: { nickname?: string; birthday?: string }, done: string) =>
    update.mutate(changes, { onSuccess: () => toast(done), onError: (error) => toast(userMessage(error)) })

  return (
    <View>
      <CellGroup title='昵称'>
        <View className='profile__row'>
          <Input className='profile__input' placeholder='给自己起个昵称' maxLength={32} value={nickname} onChange={setNickname} />
          <Button size='small' type='primary' loading={update.isPending} disabled={!nickname.trim() || nickname.trim() === profile.nickname} onClick={() => save({ nickname: nickname.trim() }, '昵称已保存')}>
            保存
          </Button>
        </View>
      </CellGroup>
      <CellGroup title='生日（设置后不可修改，生日月可领满500减50加油券）'>
        {profile.birthday ? (
          <Cell title='生日' extra={birthdayText(profile.birthday)} />
        ) : (
          <Cell title='生日' extra='点击设置' clickable onClick={() => setPickingBirthday(true)} />
        )}
      </CellGroup>
      <DatePicker
        title='选择生日'
        visible={pickingBirthday}
        startDate={new Date(1940, 0, 1)}
        endDate={new Date()}
        defaultValue={new Date(1990, 0, 1)}
        onClose={() => setPickingBirthday(false)}
        onConfirm={(_, values) => {
          setPickingBirthday(false)
          const birthday = toIsoDate(values.map(Number))
          if (birthday) save({ birthday }, '生日已设置')
        }}
      />
      <CellGroup title='手机号'>
        {profile.phoneMasked ? (
          <Cell title='已绑定' extra={profile.phoneMasked} />
        ) : (
          <View className='profile__row'>
            <PhoneBinder busy={bind.isPending} onCode={(code) => bind.mutate(code, { onSuccess: () => toast('手机号已绑定'), onError: (error) => toast(userMessage(error)) })} />
          </View>
        )}
      </CellGroup>
    </View>
  )
}
