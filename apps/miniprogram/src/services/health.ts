import { gateway } from './request'

/** The body of `GET /api/v1/health`; only `status` is relied upon. */
export interface HealthBody {
  status?: string
  [key: string]: unknown
}

export function fetchHealth(): Promise<HealthBody> {
  return gateway.get<HealthBody>('/api/v1/health', { timeoutMs: 5_000 })
}
