/**
 * 操作日志: the audit records a manager (their station) or a regional admin (their region) may read, newest first,
 * in words (who, what, on what, with names, not ids), filtered by action, by staff username and by day.
 */
import { Input, Picker, ScrollView, View } from '@tarojs/components'
import { useState } from 'react'

import { QueryState } from '../../components/query-state'
import { staffMessage } from '../../domain/error-messages'
import { shanghaiMinute } from '../../domain/labels'
import { AUDIT_ACTION_NAMES, auditActionName, auditOutcome, auditTargetWords, ROLE_NAMES } from '../../domain/staff'
import { useStaffGate } from '../../hooks/use-staff-gate'
import { useAuditLog, usePlaceNames, type AuditFilter } from '../../services/staff-queries'

import './index.css'

const ACTIONS = [{ action: undefined, name: '全部' }, ...Object.entries(AUDIT_ACTION_NAMES).map(([action, name]) => ({ action, name }))]

export default function AuditPage() {
  const session = useStaffGate(['manager', 'regional_admin'])
  const [filter, setFilter] = useState<AuditFilter>({})
  const [who, setWho] = useState('')
  const log = useAuditLog(null, filter)
  const names = usePlaceNames(session?.staff.regionCode ?? null)
  if (!session) return <View className='audit' />
  const items = log.data?.items ?? []
  const set = (change: AuditFilter) => setFilter((current) => ({ ...current, ...change }))
  return (
    <View className='audit'>
      <View className='audit__filters'>
        <ScrollView scrollX className='audit__actions'>
          {ACTIONS.map(({ action, name }) => (
            <View key={name} role='radio' aria-checked={filter.action === action} className={`audit__chip${filter.action === action ? ' audit__chip--on' : ''}`} data-action={action ?? 'all'} onClick={() => set({ action })}>
              {name}
            </View>
          ))}
        </ScrollView>
        <View className='audit__row'>
          <Input className='audit__who-input' placeholder='员工账号' value={who} onInput={(e) => setWho(e.detail.value)} onConfirm={() => set({ username: who.trim() || undefined })} onBlur={() => set({ username: who.trim() || undefined })} aria-label='按员工账号筛选' />
          <Picker mode='date' value={filter.day ?? ''} onChange={(e) => set({ day: String(e.detail.value) })}>
            <View className='audit__day' role='button'>{filter.day ?? '选择日期'}</View>
          </Picker>
          {(filter.day || filter.username) && (
            <View
              className='audit__clear'
              role='button'
              onClick={() => {
                setWho('')
                set({ day: undefined, username: undefined })
              }}
            >
              清除
            </View>
          )}
        </View>
      </View>
      <View className='audit__summary'>
        {session.staff.role === 'manager' ? '本站' : '本区域'}共 {log.data?.total ?? 0} 条记录（最近 50 条）
      </View>
      <QueryState query={log} rows={8} empty={items.length === 0} emptyText='没有符合条件的操作记录' describe={staffMessage}>
        {() => (
          <View>
            {items.map((record) => (
              <View key={record.seq} className={`audit__card${record.outcome === 'failure' ? ' audit__card--failure' : ''}`} data-seq={record.seq}>
                <View className='audit__top'>
                  <View className='audit__action'>{auditActionName(record.action)}</View>
                  <View className='audit__time'>{shanghaiMinute(record.at)}</View>
                </View>
                <View className='audit__who'>
                  {record.username}
                  {record.role ? ` · ${ROLE_NAMES[record.role]}` : ''}
                  {record.stationId ? ` · ${names.station(record.stationId)}` : ''}
                </View>
                {record.target && <View className='audit__target'>{auditTargetWords(record.target, names.station)}</View>}
                <View className='audit__outcome'>
                  {auditOutcome(record)} · IP {record.ip ?? '未知'} · #{record.seq}
                </View>
              </View>
            ))}
          </View>
        )}
      </QueryState>
    </View>
  )
}
