/**
 * The one table that turns an error code into what a driver reads. Pages never show a code: they call
 * `userMessage(error)`. The table is typed against the shared registry, so a new code cannot be forgotten.
 */
import type { ErrorCode } from '@fuel/shared/client'

import { CLIENT_ERROR_CODES } from '../services/request'

type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[keyof typeof CLIENT_ERROR_CODES]

const MESSAGES: Record<ErrorCode | ClientErrorCode, string> = {
  VALIDATION_FAILED: '填写的信息有误，请检查后再试',
  UNAUTHENTICATED: '登录已失效，请重新登录',
  FORBIDDEN: '没有权限进行此操作',
  NOT_FOUND: '内容不存在或已下线',
  CONFLICT: '操作冲突，请刷新后再试',
  IDEMPOTENCY_IN_PROGRESS: '上一次操作还在处理中，请稍候',
  IDEMPOTENCY_KEY_REUSED: '请求重复，请刷新后再试',
  UNPROCESSABLE: '暂时无法完成此操作',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请稍后再试',
  OUTCOME_UNKNOWN: '网络不稳定，结果未确认，请稍后在订单中查看',
  PROVIDER_ERROR: '第三方服务暂时不可用，请稍后再试',
  INTERNAL: '系统开小差了，请稍后再试',
  ACCOUNT_LOCKED: '尝试次数过多，账号已临时锁定',
  PASSWORD_CHANGE_REQUIRED: '请先修改密码',
  INSUFFICIENT_BALANCE: '钱包余额不足',
  OUT_OF_STOCK: '库存不足，请减少数量或选择其他门店',
  STATION_CLOSED: '该加油站现在休息中，请在营业时间内加油',
  COUPON_NOT_APPLICABLE: '这张优惠券不能用于本次消费',
  COUPON_NOT_STACKABLE: '每笔订单只能使用一张优惠券',
  NOT_MEMBER_DAY: '今天不是会员日，会员日再来领取吧',
  TOO_MANY_SUBSCRIPTIONS: '关注的加油站太多了',
  PRICE_JUMP_UNCONFIRMED: '油价变动过大，需要确认',
  MEMBER_PRICE_ABOVE_REGULAR: '会员价不能高于标准价',
  NETWORK_ERROR: '网络连接失败，请检查网络后重试',
  HTTP_ERROR: '服务暂时不可用，请稍后再试',
}

/** Codes whose server message is written for the member (zh-CN, specific) and beats our generic line. */
const SERVER_WORDED: ReadonlySet<string> = new Set(['VALIDATION_FAILED', 'NOT_MEMBER_DAY', 'CONFLICT', 'COUPON_NOT_APPLICABLE', 'UNPROCESSABLE', 'PROVIDER_ERROR', 'OUT_OF_STOCK', 'STATION_CLOSED'])

const HAN = /[\u4e00-\u9fff]/

const worded = (message: unknown): message is string => typeof message === 'string' && HAN.test(message) && !/[A-Z_]{6,}/.test(message)

export function userMessage(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  if (typeof code === 'string') {
    if (SERVER_WORDED.has(code) && worded(message)) return message
    if (code in MESSAGES) return MESSAGES[code as keyof typeof MESSAGES]
  }
  return MESSAGES.INTERNAL
}

/**
 * For the staff entry: the server's own zh-CN wording for every code (staff need "该码不属于本站", "验证码错误",
 * "账号已临时锁定，请 15 分钟后再试", not a generic line), the table's line when the server's is not fit to show.
 */
export function staffMessage(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  return typeof code === 'string' && code !== 'INTERNAL' && worded(message) ? message : userMessage(error)
}
