/**
 * 核销与加油, the attendant's console (attendants and managers, their own station): 扫一扫 (or type) a pickup code, a
 * fuel order's number, a coupon's code or a 会员码; see what it is and whose; confirm once, and read the outcome on a
 * full-screen green or red result. Below, the paid fuel orders as a tile per pump, called out (sound, vibration)
 * when a new one arrives.
 */
import { View } from '@tarojs/components'
import { Button, Input, Tag } from '@nutui/nutui-react-taro'
import { useEffect, useRef, useState } from 'react'
import { type CouponRedemptionPreview, type MemberRedemptionPreview, type OrderRedemptionPreview, type RedemptionResult } from '@fuel/shared/client'

import { Money } from '../../components/money'
import { ErrorLine } from '../../components/error-line'
import { QueryState } from '../../components/query-state'
import { staffMessage } from '../../domain/error-messages'
import { yuanInputToFen } from '../../domain/amount-input'
import { couponRule, couponScope, gradeName, ORDER_STATUS_NAMES, shanghaiDay, shanghaiMinute, TIER_NAMES } from '../../domain/labels'
import { CouponStatusText, OrderStatusText } from '../../components/status-text'
import { codeLooksValid, newOrderNos, normaliseCode } from '../../domain/staff'
import { usePumpBoardLive } from '../../hooks/use-pump-board-live'
import { useStaffGate } from '../../hooks/use-staff-gate'
import { scanCode, signal } from '../../services/platform'
import { useConfirmRedemption, usePreviewRedemption, usePumpBoard } from '../../services/staff-queries'
import { moneyText } from '../../domain/money'

import './index.css'

const redeemable = (preview: OrderRedemptionPreview) => (preview.kind === 'pickup' ? preview.status === 'ready_for_pickup' : preview.status === 'paid')

/** What a confirmation did: a title for the result screen and one line with the details. */
function doneWords(result: RedemptionResult): { title: string; detail: string } {
  if (result.kind === 'coupon') return { title: '优惠券已使用', detail: `已核销优惠券「${result.coupon.name}」：消费 ${moneyText(result.amountFen)}，优惠 ${moneyText(result.discountFen)}，应收 ${moneyText(result.payableFen)}` }
  const what = result.kind === 'fuel' ? `${result.order.fuel?.pumpNumber ?? ''} 号枪加油完成` : '商品已交付'
  return { title: result.kind === 'fuel' ? '加油完成' : '交付完成', detail: `${what}：${result.order.orderNo} · ${ORDER_STATUS_NAMES[result.order.status]}` }
}

export default function RedeemPage() {
  const session = useStaffGate(['attendant', 'manager'])
  if (!session?.staff.stationId) return <View className='redeem' />
  return <Redeem stationId={session.staff.stationId} token={session.accessToken} />
}

interface Outcome {
  ok: boolean
  title: string
  detail: string
}

function Redeem({ stationId, token }: { stationId: number; token: string }) {
  const [input, setInput] = useState('')
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const preview = usePreviewRedemption(stationId)
  const confirm = useConfirmRedemption(stationId)
  const code = normaliseCode(input)
  const refused = (title: string) => (error: unknown) => {
    signal('refused')
    setOutcome({ ok: false, title, detail: staffMessage(error) })
  }
  const look = (value: string) => {
    setOutcome(null)
    confirm.reset()
    preview.mutate(normaliseCode(value), { onError: refused('查询失败') })
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
        signal('done')
        setOutcome({ ok: true, ...doneWords(result) })
        preview.reset()
        setInput('')
      },
      onError: refused('未能核销'),
    })
  const shown = preview.data
  return (
    <View className='redeem'>
      <View className='redeem__box'>
        {scanCode && (
          <Button className='redeem__scan' type='primary' block size='large' onClick={() => void scan()}>
            扫一扫
          </Button>
        )}
        <View className='redeem__row'>
          <Input className='redeem__input' placeholder='或输入取货码、加油订单号、优惠券码、会员码' value={input} onChange={setInput} maxLength={24} />
          <Button className='redeem__look' type={scanCode ? 'default' : 'primary'} disabled={!codeLooksValid(code)} loading={preview.isPending} onClick={() => look(input)}>
            查询
          </Button>
        </View>
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
      {outcome && <ResultScreen outcome={outcome} onClose={() => setOutcome(null)} />}
      <PumpBoard stationId={stationId} token={token} onFuelled={(orderNo) => confirmCode(orderNo)} busy={confirm.isPending} />
    </View>
  )
}

/** What a confirmation did, or why it was refused, over the whole screen: readable at arm's length on a forecourt. */
function ResultScreen({ outcome, onClose }: { outcome: Outcome; onClose: () => void }) {
  // 4 s from when this outcome appeared: a re-render of the page (a new onClose) does not start it again.
  const close = useRef(onClose)
  close.current = onClose
  useEffect(() => {
    const timer = setTimeout(() => close.current(), 4000)
    return () => clearTimeout(timer)
  }, [outcome])
  return (
    <View className={`redeem__result redeem__result--${outcome.ok ? 'ok' : 'refused'}`} role='alertdialog' aria-label={outcome.title} onClick={onClose}>
      <View className='redeem__result-mark'>{outcome.ok ? '✓' : '✕'}</View>
      <View className='redeem__result-title'>{outcome.title}</View>
      <View className={outcome.ok ? 'redeem__done' : 'redeem__result-detail'}>{outcome.detail}</View>
      <View className='redeem__result-hint'>轻触任意处继续</View>
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
  // A paid order that was not on the board before is called out, and its tile stays marked for a while.
  const seen = useRef<Set<string> | null>(null)
  const [fresh, setFresh] = useState<string[]>([])
  useEffect(() => {
    if (!board.data) return
    const orderNos = board.data.pumps.flatMap((pump) => pump.orders.map((order) => order.orderNo))
    const arrived = newOrderNos(seen.current, orderNos)
    seen.current = new Set(orderNos)
    if (arrived.length === 0) return
    signal('new-order')
    setFresh(arrived)
  }, [board.data])
  // The mark lasts 15 s from the last arrival, whatever else changes on the board meanwhile.
  useEffect(() => {
    if (fresh.length === 0) return
    const timer = setTimeout(() => setFresh([]), 15_000)
    return () => clearTimeout(timer)
  }, [fresh])
  return (
    <View className='redeem__board'>
      <View className='redeem__board-title'>
        待加油订单（已支付）<View className={`redeem__live${live ? ' redeem__live--on' : ''}`}>{live ? '实时推送' : '每 5 秒刷新'}</View>
      </View>
      <QueryState query={board} rows={3} empty={pumps.length === 0} emptyText='暂无待加油订单' describe={staffMessage}>
        {() => (
          <View className='redeem__tiles'>
            {pumps.map((pump) => (
              <View key={pump.pumpNumber} className={`redeem__pump${pump.orders.some((o) => fresh.includes(o.orderNo)) ? ' redeem__pump--new' : ''}`}>
                <View className='redeem__pump-no'>{pump.pumpNumber} 号枪</View>
                {pump.orders.map((order) => (
                  <View key={order.orderNo} className='redeem__pump-order' data-order={order.orderNo}>
                    {fresh.includes(order.orderNo) && <View className='redeem__new'>新订单</View>}
                    <Money fen={order.payableFen} className='redeem__pump-amount' />
                    <View className='redeem__line'>
                      {gradeName(order.grade)} · {order.litres} 升
                    </View>
                    <View className='redeem__time'>
                      {shanghaiMinute(order.paidAt)} 支付 · {order.orderNo}
                    </View>
                    <Button className='redeem__fuelled' type='primary' block disabled={busy} onClick={() => onFuelled(order.orderNo)}>
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
