/**
 * The one request layer of the mini-program. It only moves bytes and turns failures into a typed `ApiError`:
 * it never toasts or navigates; pages and stores decide what to show.
 *
 * Every request gets an `x-request-id`, the access token (unless `auth: false`) and, when it changes something,
 * an `Idempotency-Key` (the caller's, or one made for this call and kept across its retries). It then goes through
 * the request interceptors (in order), the transport (Taro.request by default), the response interceptors (in
 * order) and the error-envelope check. A 401 on a call that carried a token asks `auth.refresh()` (single-flight,
 * services/auth/refresher.ts) and, when that renewed the token, is sent once more.
 *
 * A change whose outcome the answer leaves open — no answer at all, 504 OUTCOME_UNKNOWN, 409 IDEMPOTENCY_IN_PROGRESS —
 * or that the server refused before doing anything (503, after its Retry-After) is sent again by itself with the
 * same key, a few times: the server answers a repeat with what the first one did, so nothing happens twice.
 */
import Taro from '@tarojs/taro'

import { newIdempotencyKey, newRequestId } from './request-ids'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface ApiRequest {
  /** Absolute URL (base URL + path). */
  url: string
  method: HttpMethod
  header: Record<string, string>
  data?: unknown
  timeoutMs: number
  /** The body as text, not parsed (an export file); errors still arrive as the JSON envelope. */
  text?: boolean
}

export interface ApiResponse {
  statusCode: number
  header: Record<string, string>
  data: unknown
}

export type Transport = (request: ApiRequest) => Promise<ApiResponse>
export type RequestInterceptor = (request: ApiRequest) => ApiRequest | Promise<ApiRequest>
export type ResponseInterceptor = (response: ApiResponse, request: ApiRequest) => ApiResponse | Promise<ApiResponse>

/** What the gateway sends for every failure: `{"error":{"code","message","details"}}`. */
export interface ErrorEnvelope {
  error: {
    code: string
    message: string
    details?: unknown
  }
}

/** Codes the client itself produces, besides the codes the gateway puts in the envelope. */
export const CLIENT_ERROR_CODES = {
  /** No HTTP response at all: offline, DNS, refused connection, timeout, CORS. */
  network: 'NETWORK_ERROR',
  /** A non-2xx response without the error envelope (a proxy page, an empty body, …). */
  http: 'HTTP_ERROR',
} as const

export class ApiError extends Error {
  override readonly name = 'ApiError'
  /** The gateway's error code, or one of CLIENT_ERROR_CODES. */
  readonly code: string
  /** HTTP status; 0 when no response arrived. */
  readonly status: number
  readonly details?: unknown

  constructor(code: string, message: string, status: number, details?: unknown) {
    super(message)
    // Keep `instanceof ApiError` working when classes are compiled down to ES5.
    Object.setPrototypeOf(this, new.target.prototype)
    this.code = code
    this.status = status
    this.details = details
  }
}

export function isErrorEnvelope(body: unknown): body is ErrorEnvelope {
  if (typeof body !== 'object' || body === null) return false
  const error = (body as { error?: unknown }).error
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  )
}

/** Bodies may arrive as text on some platforms even when they are JSON. */
function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data
  try {
    return JSON.parse(data) as unknown
  } catch {
    return data
  }
}

/** Throws the `ApiError` a response stands for, or returns its parsed body when it is a success. */
export function unwrapResponse(response: ApiResponse): unknown {
  const body = parseBody(response.data)
  const { statusCode } = response
  if (isErrorEnvelope(body)) {
    throw new ApiError(body.error.code, body.error.message, statusCode, body.error.details)
  }
  if (statusCode < 200 || statusCode >= 300) {
    throw new ApiError(CLIENT_ERROR_CODES.http, `HTTP ${statusCode}`, statusCode)
  }
  return body
}

/**
 * The default transport: Taro.request, which answers every HTTP status on WeChat and H5. Alipay's request fails
 * for a non-2xx status with `{status, data, headers}`: that is still an answer (a 401 to refresh on, an error
 * envelope to show), so it becomes a response here, and only a failure with no status is a network error.
 */
export const taroTransport: Transport = async (request) => {
  try {
    const response = await Taro.request({
      url: request.url,
      method: request.method,
      header: request.header,
      data: request.data as Taro.request.Option['data'],
      timeout: request.timeoutMs,
      dataType: request.text ? 'text' : 'json',
    })
    return {
      statusCode: response.statusCode,
      header: (response.header ?? {}) as Record<string, string>,
      data: response.data as unknown,
    }
  } catch (error) {
    const { status, data, headers } = (error ?? {}) as { status?: unknown; data?: unknown; headers?: unknown }
    if (typeof status === 'number' && status > 0) return { statusCode: status, header: (headers ?? {}) as Record<string, string>, data }
    throw error
  }
}

/** Where the client gets the access token, and how it renews it after a 401 (true = renewed, retry). */
export interface AuthHooks {
  accessToken(): string | null
  /** `rejected` is the token the server refused: when the session already moved past it, no refresh is needed. */
  refresh(rejected: string): Promise<boolean>
}

export interface ApiClientOptions {
  baseUrl: string
  auth?: AuthHooks
  transport?: Transport
  requestInterceptors?: RequestInterceptor[]
  responseInterceptors?: ResponseInterceptor[]
  timeoutMs?: number
  /** How many times a change is sent again when its outcome is open (default 3), and how the client waits between. */
  retries?: number
  sleep?: (ms: number) => Promise<void>
}

export interface RequestOptions {
  method?: HttpMethod
  data?: unknown
  header?: Record<string, string>
  timeoutMs?: number
  /** Send the access token (default). Sign-in and refresh calls pass false. */
  auth?: boolean
  /** The key of the user action this call performs: reuse it when the user retries the same action. */
  idempotencyKey?: string
  /** Answer with the body as text (a file), not parsed JSON. */
  text?: boolean
}

const MUTATING: ReadonlySet<HttpMethod> = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** The wait before sending a change again, or undefined when its answer is final. */
export function retryDelayMs(outcome: ApiResponse | ApiError, attempt: number): number | undefined {
  const backoff = Math.min(4_000, 500 * 2 ** attempt)
  if (outcome instanceof ApiError) return outcome.status === 0 ? backoff : undefined
  const { statusCode } = outcome
  if (statusCode === 504) return backoff
  if (statusCode === 409) {
    const body = parseBody(outcome.data)
    return isErrorEnvelope(body) && body.error.code === 'IDEMPOTENCY_IN_PROGRESS' ? backoff : undefined
  }
  if (statusCode === 503) {
    const header = outcome.header['retry-after'] ?? outcome.header['Retry-After']
    const seconds = Number(header)
    return Number.isFinite(seconds) && header !== undefined ? Math.min(5_000, Math.max(0, seconds * 1000)) : undefined
  }
  return undefined
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export interface ApiClient {
  request<T>(path: string, options?: RequestOptions): Promise<T>
  get<T>(path: string, options?: Omit<RequestOptions, 'method' | 'data'>): Promise<T>
  post<T>(path: string, data?: unknown, options?: Omit<RequestOptions, 'method' | 'data'>): Promise<T>
  patch<T>(path: string, data?: unknown, options?: Omit<RequestOptions, 'method' | 'data'>): Promise<T>
  delete<T>(path: string, options?: Omit<RequestOptions, 'method' | 'data'>): Promise<T>
  /** Adds a request interceptor (e.g. an auth header, an Idempotency-Key); returns a function that removes it. */
  useRequest(interceptor: RequestInterceptor): () => void
  /** Adds a response interceptor; returns a function that removes it. */
  useResponse(interceptor: ResponseInterceptor): () => void
}

function joinUrl(baseUrl: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`
}

function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { errMsg, message } = error as { errMsg?: unknown; message?: unknown }
    if (typeof errMsg === 'string' && errMsg) return errMsg
    if (typeof message === 'string' && message) return message
  }
  return 'request failed'
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const transport = options.transport ?? taroTransport
  const requestInterceptors = [...(options.requestInterceptors ?? [])]
  const responseInterceptors = [...(options.responseInterceptors ?? [])]
  const defaultTimeoutMs = options.timeoutMs ?? 10_000

  function remover<I>(list: I[], item: I): () => void {
    list.push(item)
    return () => {
      const index = list.indexOf(item)
      if (index >= 0) list.splice(index, 1)
    }
  }

  async function send(path: string, requestOptions: RequestOptions, idempotencyKey: string | undefined): Promise<ApiResponse> {
    const method = requestOptions.method ?? 'GET'
    const header: Record<string, string> = { Accept: 'application/json', 'x-request-id': newRequestId(), ...requestOptions.header }
    const token = requestOptions.auth === false ? null : options.auth?.accessToken()
    if (token) header.Authorization = `Bearer ${token}`
    if (idempotencyKey) header['Idempotency-Key'] = idempotencyKey
    if (requestOptions.data !== undefined && header['Content-Type'] === undefined) header['Content-Type'] = 'application/json'
    let apiRequest: ApiRequest = {
      url: joinUrl(options.baseUrl, path),
      method,
      header,
      data: requestOptions.data,
      timeoutMs: requestOptions.timeoutMs ?? defaultTimeoutMs,
      ...(requestOptions.text ? { text: true } : {}),
    }
    for (const interceptor of requestInterceptors) {
      apiRequest = await interceptor(apiRequest)
    }
    let response: ApiResponse
    try {
      response = await transport(apiRequest)
    } catch (error) {
      if (error instanceof ApiError) throw error
      throw new ApiError(CLIENT_ERROR_CODES.network, errorMessage(error), 0)
    }
    for (const interceptor of responseInterceptors) {
      response = await interceptor(response, apiRequest)
    }
    return response
  }

  /** Sends a change again with its key while its outcome is open (see the top of this file); a read once. */
  async function sendSettled(path: string, requestOptions: RequestOptions, idempotencyKey: string | undefined): Promise<ApiResponse> {
    const retries = idempotencyKey ? (options.retries ?? 3) : 0
    for (let attempt = 0; ; attempt++) {
      let outcome: ApiResponse | ApiError
      try {
        outcome = await send(path, requestOptions, idempotencyKey)
      } catch (error) {
        if (!(error instanceof ApiError)) throw error
        outcome = error
      }
      const delay = attempt < retries ? retryDelayMs(outcome, attempt) : undefined
      if (delay === undefined) {
        if (outcome instanceof ApiError) throw outcome
        return outcome
      }
      await (options.sleep ?? realSleep)(delay)
    }
  }

  async function request<T>(path: string, requestOptions: RequestOptions = {}): Promise<T> {
    const method = requestOptions.method ?? 'GET'
    const idempotencyKey = MUTATING.has(method) ? (requestOptions.idempotencyKey ?? newIdempotencyKey()) : undefined
    const token = requestOptions.auth === false ? null : (options.auth?.accessToken() ?? null)
    let response = await sendSettled(path, requestOptions, idempotencyKey)
    if (response.statusCode === 401 && token && options.auth && (await options.auth.refresh(token))) {
      response = await sendSettled(path, requestOptions, idempotencyKey)
    }
    return unwrapResponse(response) as T
  }

  return {
    request,
    get: (path, getOptions) => request(path, { ...getOptions, method: 'GET' }),
    post: (path, data, postOptions) => request(path, { ...postOptions, method: 'POST', data }),
    patch: (path, data, patchOptions) => request(path, { ...patchOptions, method: 'PATCH', data }),
    delete: (path, deleteOptions) => request(path, { ...deleteOptions, method: 'DELETE' }),
    useRequest: (interceptor) => remover(requestInterceptors, interceptor),
    useResponse: (interceptor) => remover(responseInterceptors, interceptor),
  }
}
