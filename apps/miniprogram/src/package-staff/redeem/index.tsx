/**
 * 核销与加油 (attendants and managers, their own station): scan or type a pickup code or a fuel order's number, see
 * what it is and whose, confirm once; below, the paid fuel orders waiting at each pump, refreshed as they arrive.
 */
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Input, Tag } from '@nutui/nutui-react-taro'
import { useState } from 'react'
import { type CouponRedemptionPreview, type MemberRedemptionPreview, type OrderRedemptionPreview, type RedemptionResult } from '@fuel/shared/client'

import { Money } from '../../components/money'
import { ErrorLine } from '../../components/error-line'
import { QueryState } from '../../components/query-state'
import { staffMessage } from '../../domain/error-messages'
import { yuanInputToFen } from '../../domain/amount-input'
import { couponRule, couponScope, gradeName, ORDER_STATUS_NAMES, shanghaiDay, shanghaiMinute, TIER_NAMES } from '../../domain/labels'
import { CouponStatusText, OrderStatusText } from '../../components/status-text'
import { codeLooksValid, normaliseCode } from '../../domain/staff'
import { usePumpBoardLive } from '../../hooks/use-pump-board-live'
import { useStaffGate } from '../../hooks/use-staff-gate'
import { scanCode } from '../../services/platform'
import { useConfirmRedemption, usePreviewRedemption, usePumpBoard } from '../../services/staff-queries'
import { moneyText } from '../../domain/money'

import './index.css'

const redeemable = (preview: OrderRedemptionPreview) => (preview.kind === 'pickup' ? preview.status === 'ready_for_pickup' : preview.status === 'paid')

/** One line for what a confirmation did. */
function doneLine(result: RedemptionResult): string {
  if (result.kind === 'coupon') return `已核销优惠券「${result.coupon.name}」：消费 ${moneyText(result.amountFen)}，优惠 ${moneyText(result.discountFen)}，应收 ${moneyText(result.payableFen)}`
  return `核销成功：${result.order.orderNo} · ${ORDER_STATUS_NAMES[result.order.status]}`
}

export default function RedeemPage() {
  const session = useStaffGate(['attendant', 'manager'])
  if (!session?.staff.stationId) return <View className='redeem' />
  return <Redeem stationId={session.staff.stationId} token={session.accessToken} />
}

function Redeem({ stationId, token }: { stationId: number; token: string }) {
  const [input, setInput] = useState('')
  const [done, setDone] = useState<RedemptionResult | null>(null)
  const preview = usePreviewRedemption(stationId)
  const confirm = useConfirmRedemption(stationId)
  const code = normaliseCode(input)
  const look = (value: string) => {
    setDone(null)
    confirm.reset()
    preview.mutate(normaliseCode(value))
  }
  const scan = async () => {
    const scanned = scanCode ? await scanCode() : null
    if (scanned) {
      setInput(scanned)
      look(scanned)
    }
  }
  const confirmCode = (value: string, amountFen?: number) =>
    confirm.mutate({ code: value, amountFen }, {
      onSuccess: (result) => {
        setDone(result)
        preview.reset()
        setInput('')
        void Taro.showToast({ title: '核销成功', icon: 'success', duration: 1200 })
      },
    })
  const shown = preview.data
  return (
    <View className='redeem'>
      <View className='redeem__box'>
        <View className='redeem__row'>
          <Input className='redeem__input' placeholder='取货码、加油订单号、优惠券码或会员码' value={input} onChange={setInput} maxLength={24} />
          {scanCode && (
            <Button size='small' type='default' onClick={() => void scan()}>
              扫码
            </Button>
          )}
        </View>
        <Button type='primary' block disabled={!codeLooksValid(code)} loading={preview.isPending} onClick={() => look(input)}>
          查询
        </Button>
        <ErrorLine error={preview.error} className='redeem__error' />
      </View>
      {shown?.kind === 'coupon' && <CouponPreview shown={shown} busy={confirm.isPending} error={confirm.error} onConfirm={(amountFen) => confirmCode(shown.code, amountFen)} />}
      {shown?.kind === 'member' && <MemberPreview shown={shown} />}
      {shown && shown.kind !== 'coupon' && shown.kind !== 'member' && (
        <View className='redeem__preview' data-order={shown.orderNo}>
          <View className='redeem__head'>
            <Tag type={shown.kind === 'pickup' ? 'primary' : 'success'}>{shown.kind === 'pickup' ? '商城自提' : `加油 · ${shown.fuel?.pumpNumber} 号枪`}</Tag>
            <OrderStatusText status={shown.status} className='redeem__status' />
          </View>
          <View className='redeem__line'>订单号 {shown.orderNo}</View>
          <View className='redeem__line'>会员手机 {shown.memberPhoneMasked ?? '未绑定'}</View>
          {shown.items.map((item) => (
            <View key={item.name} className='redeem__line'>
              {item.name} × {item.quantity}
            </View>
          ))}
          {shown.fuel && (
            <View className='redeem__line'>
              {gradeName(shown.fuel.grade)} · {shown.fuel.litres} 升
            </View>
          )}
          <View className='redeem__line'>
            实付 <Money fen={shown.payableFen} className='redeem__amount' />
          </View>
          {redeemable(shown) ? (
            <Button type='primary' block loading={confirm.isPending} onClick={() => confirmCode(shown.code)}>
              {shown.kind === 'pickup' ? '确认交付商品' : '确认加油完成'}
            </Button>
          ) : (
            <View className='redeem__error'>{shown.status === 'completed' ? '该订单已核销' : '该订单当前不能核销'}</View>
          )}
          <ErrorLine error={confirm.error} className='redeem__error' />
        </View>
      )}
      {done && (
        <View className='redeem__done' role='status'>
          {doneLine(done)}
        </View>
      )}
      <PumpBoard stationId={stationId} token={token} onFuelled={(orderNo) => confirmCode(orderNo)} busy={confirm.isPending} />
    </View>
  )
}

/** A 会员码: who the member is, the price their tier gets in the shop, their shop coupons and points. */
function MemberPreview({ shown }: { shown: MemberRedemptionPreview }) {
  const { member } = shown
  return (
    <View className='redeem__preview redeem__member' data-member={member.memberId}>
      <View className='redeem__head'>
        <Tag type='primary'>会员</Tag>
        <View className={`redeem__tier redeem__tier--${member.tier}`}>{TIER_NAMES[member.tier]}</View>
      </View>
      <View className='redeem__line'>
        {member.nickname ?? '加油站会员'} · 手机 {member.phoneMasked ?? '未绑定'}
      </View>
      <View className='redeem__line'>{member.mallPerMille < 1000 ? `商城会员价 ${member.mallPerMille / 10} 折` : '普通会员，商城按原价'}{member.tierExpiresAt ? ` · 有效期至 ${shanghaiDay(member.tierExpiresAt)}` : ''}</View>
      <View className='redeem__line'>积分 {member.points}</View>
      <View className='redeem__line'>{member.coupons.length ? `到店可用优惠券 ${member.coupons.length} 张：` : '暂无到店可用的优惠券'}</View>
      {member.coupons.map((coupon) => (
        <View key={coupon.id} className='redeem__line redeem__member-coupon'>
          {coupon.name.includes(couponRule(coupon)) ? coupon.name : `${coupon.name} ${couponRule(coupon)}`} · 至 {shanghaiDay(coupon.validUntil)}
        </View>
      ))}
      {member.coupons.length > 0 && <View className='redeem__hint'>使用优惠券：请会员在卡包中打开该券，出示优惠券码</View>}
    </View>
  )
}

/** An in-store coupon: what it is and whose; the attendant enters what the purchase comes to, the server checks the threshold. */
function CouponPreview({ shown, busy, error, onConfirm }: { shown: CouponRedemptionPreview; busy: boolean; error: unknown; onConfirm: (amountFen: number) => void }) {
  const [amount, setAmount] = useState('')
  const amountFen = yuanInputToFen(amount)
  const { coupon } = shown
  return (
    <View className='redeem__preview' data-coupon={coupon.id}>
      <View className='redeem__head'>
        <Tag type='warning'>到店优惠券</Tag>
        <CouponStatusText status={coupon.status} className='redeem__status' />
      </View>
      <View className='redeem__line'>{coupon.name}</View>
      <View className='redeem__line'>
        {couponRule(coupon)} · {couponScope(coupon)} · 有效期至 {shanghaiDay(coupon.validUntil)}
      </View>
      <View className='redeem__line'>会员手机 {shown.memberPhoneMasked ?? '未绑定'}</View>
      <Input className='redeem__amount-input' placeholder='本次消费金额（元）' type='digit' value={amount} onChange={setAmount} maxLength={9} />
      <Button type='primary' block disabled={coupon.status !== 'available' || amountFen === null || amountFen <= 0} loading={busy} onClick={() => onConfirm(amountFen!)}>
        确认使用优惠券
      </Button>
      <ErrorLine error={error} className='redeem__error' />
    </View>
  )
}

function PumpBoard({ stationId, token, onFuelled, busy }: { stationId: number; token: string; onFuelled: (orderNo: string) => void; busy: boolean }) {
  const live = usePumpBoardLive(stationId, token)
  const board = usePumpBoard(stationId, live)
  const pumps = board.data?.pumps ?? []
  return (
    <View className='redeem__board'>
      <View className='redeem__board-title'>
        待加油订单（已支付）<View className={`redeem__live${live ? ' redeem__live--on' : ''}`}>{live ? '实时推送' : '每 5 秒刷新'}</View>
      </View>
      <QueryState query={board} rows={3} empty={pumps.length === 0} emptyText='暂无待加油订单' describe={staffMessage}>
        {() => (
          <View>
            {pumps.map((pump) => (
              <View key={pump.pumpNumber} className='redeem__pump'>
                <View className='redeem__pump-no'>{pump.pumpNumber} 号枪</View>
                {pump.orders.map((order) => (
                  <View key={order.orderNo} className='redeem__pump-order' data-order={order.orderNo}>
                    <View>
                      <View className='redeem__line'>
                        {gradeName(order.grade)} · {order.litres} 升 · <Money fen={order.payableFen} />
                      </View>
                      <View className='redeem__time'>
                        {order.orderNo} · {shanghaiMinute(order.paidAt)} 支付
                      </View>
                    </View>
                    <Button size='small' type='primary' fill='outline' disabled={busy} onClick={() => onFuelled(order.orderNo)}>
                      加油完成
                    </Button>
                  </View>
                ))}
              </View>
            ))}
          </View>
        )}
      </QueryState>
    </View>
  )
}
