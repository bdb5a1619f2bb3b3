/** 收货地址: the member's addresses (recipient and phone masked, as the server sends them), add one, remove one. */
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Cell, CellGroup, Input, Tag } from '@nutui/nutui-react-taro'
import { useState } from 'react'

import { QueryState } from '../../components/query-state'
import { userMessage } from '../../domain/error-messages'
import { useAddAddress, useAddresses, useRemoveAddress } from '../../services/queries'

import './index.css'

export default function AddressesPage() {
  const addresses = useAddresses()
  const remove = useRemoveAddress()
  const [adding, setAdding] = useState(false)
  const list = addresses.data ?? []
  return (
    <View className='addresses'>
      <QueryState query={addresses} rows={3} empty={list.length === 0 && !adding} emptyText='还没有收货地址'>
        {() => (
          <CellGroup>
            {list.map((a) => (
              <Cell
                key={a.id}
                title={
                  <View className='addresses__who'>
                    {a.recipient} {a.phone} {a.isDefault && <Tag type='danger'>默认</Tag>}
                  </View>
                }
                description={`${a.region} ${a.detail}`}
                extra={
                  <Button
                    size='small'
                    fill='none'
                    onClick={async () => {
                      const { confirm } = await Taro.showModal({ title: '提示', content: '删除这个地址？' })
                      if (confirm) await remove.mutateAsync(a.id).catch((error: unknown) => Taro.showToast({ title: userMessage(error), icon: 'none' }))
                    }}
                  >
                    删除
                  </Button>
                }
              />
            ))}
          </CellGroup>
        )}
      </QueryState>
      {adding ? <AddressForm onDone={() => setAdding(false)} /> : (
        <View className='addresses__add'>
          <Button type='primary' block onClick={() => setAdding(true)}>
            新增收货地址
          </Button>
        </View>
      )}
    </View>
  )
}

function AddressForm({ onDone }: { onDone: () => void }) {
  const add = useAddAddress()
  const [form, setForm] = useState({ recipient: '', phone: '', region: '', detail: '' })
  const field = (name: keyof typeof form) => (value: string) => setForm({ ...form, [name]: value })
  async function save() {
    try {
      await add.mutateAsync(form)
      onDone()
    } catch (error) {
      void Taro.showToast({ title: userMessage(error), icon: 'none', duration: 2500 })
    }
  }
  return (
    <View className='addresses__form'>
      <CellGroup>
        <Cell title='收货人' extra={<Input className='addresses__input' data-field='recipient' placeholder='姓名' value={form.recipient} onChange={field('recipient')} />} />
        <Cell title='手机号' extra={<Input className='addresses__input' data-field='phone' type='digit' placeholder='11 位手机号' value={form.phone} onChange={field('phone')} />} />
        <Cell title='所在地区' extra={<Input className='addresses__input' data-field='region' placeholder='省 市 区' value={form.region} onChange={field('region')} />} />
        <Cell title='详细地址' extra={<Input className='addresses__input' data-field='detail' placeholder='街道、门牌号' value={form.detail} onChange={field('detail')} />} />
      </CellGroup>
      <View className='addresses__add'>
        <Button type='primary' block loading={add.isPending} onClick={() => void save()}>
          保存
        </Button>
      </View>
      <View className='addresses__note'>收货人、手机号和详细地址加密保存，仅用于商城快递配送</View>
    </View>
  )
}
