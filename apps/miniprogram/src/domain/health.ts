/** Pure display logic for the gateway health check: no Taro, no network. */

export const APP_TITLE = '加油站'

export type HealthTone = 'pending' | 'ok' | 'down'

export interface HealthView {
  tone: HealthTone
  text: string
}

export const HEALTH_CHECKING: HealthView = { tone: 'pending', text: '正在检查服务…' }
export const HEALTH_OK: HealthView = { tone: 'ok', text: '服务正常' }
export const HEALTH_DOWN: HealthView = { tone: 'down', text: '服务暂不可用' }

/** Healthy only when the body is an object whose `status` is exactly "ok"; anything else (including no body) is down. */
export function isHealthy(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { status?: unknown }).status === 'ok'
}

/** Turns the `GET /api/v1/health` body (or `undefined` when the call failed) into what the home page shows. */
export function healthView(body: unknown): HealthView {
  return isHealthy(body) ? HEALTH_OK : HEALTH_DOWN
}

/** The zh-CN status line for a health body. */
export function healthStatusText(body: unknown): string {
  return healthView(body).text
}
