/** 操作日志: the audit records a manager (their station) or a regional admin (their region) may read, newest first. */
import { View } from '@tarojs/components'

import { QueryState } from '../../components/query-state'
import { staffMessage } from '../../domain/error-messages'
import { shanghaiMinute } from '../../domain/labels'
import { auditActionName, auditOutcome, ROLE_NAMES } from '../../domain/staff'
import { useStaffGate } from '../../hooks/use-staff-gate'
import { useAuditLog } from '../../services/staff-queries'

import './index.css'

export default function AuditPage() {
  const session = useStaffGate(['manager', 'regional_admin'])
  const log = useAuditLog(null)
  if (!session) return <View className='audit' />
  const items = log.data?.items ?? []
  return (
    <View className='audit'>
      <View className='audit__summary'>{session.staff.role === 'manager' ? '本站' : '本区域'}共 {log.data?.total ?? 0} 条记录（最近 50 条）</View>
      <QueryState query={log} rows={8} empty={items.length === 0} emptyText='暂无操作记录' describe={staffMessage}>
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
                  {record.stationId ? ` · 站点 ${record.stationId}` : ''}
                </View>
                {record.target && <View className='audit__target'>对象：{record.target}</View>}
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
