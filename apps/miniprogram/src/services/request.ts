/**
 * The one request layer of the mini-program. It only moves bytes and turns failures into a typed `ApiError`:
 * it never toasts, navigates or retries; pages and stores decide what to show.
 *
 * Every request goes through the request interceptors (in order), then the transport (Taro.request by default),
 * then the response interceptors (in order), then the error-envelope check.
 */
import Taro from '@tarojs/taro'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface ApiRequest {
  /** Absolute URL (base URL + path). */
  url: string
  method: HttpMethod
  header: Record<string, string>
  data?: unknown
  timeoutMs: number
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

/** The default transport: Taro.request, which resolves for every HTTP status and rejects only when no response came. */
export const taroTransport: Transport = async (request) => {
  const response = await Taro.request({
    url: request.url,
    method: request.method,
    header: request.header,
    data: request.data as Taro.request.Option['data'],
    timeout: request.timeoutMs,
    dataType: 'json',
  })
  return {
    statusCode: response.statusCode,
    header: (response.header ?? {}) as Record<string, string>,
    data: response.data as unknown,
  }
}

export interface ApiClientOptions {
  baseUrl: string
  transport?: Transport
  requestInterceptors?: RequestInterceptor[]
  responseInterceptors?: ResponseInterceptor[]
  timeoutMs?: number
}

export interface RequestOptions {
  method?: HttpMethod
  data?: unknown
  header?: Record<string, string>
  timeoutMs?: number
}

export interface ApiClient {
  request<T>(path: string, options?: RequestOptions): Promise<T>
  get<T>(path: string, options?: Omit<RequestOptions, 'method' | 'data'>): Promise<T>
  post<T>(path: string, data?: unknown, options?: Omit<RequestOptions, 'method' | 'data'>): Promise<T>
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

  async function request<T>(path: string, requestOptions: RequestOptions = {}): Promise<T> {
    let apiRequest: ApiRequest = {
      url: joinUrl(options.baseUrl, path),
      method: requestOptions.method ?? 'GET',
      header: { Accept: 'application/json', ...requestOptions.header },
      data: requestOptions.data,
      timeoutMs: requestOptions.timeoutMs ?? defaultTimeoutMs,
    }
    if (apiRequest.data !== undefined && apiRequest.header['Content-Type'] === undefined) {
      apiRequest.header['Content-Type'] = 'application/json'
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
    return unwrapResponse(response) as T
  }

  return {
    request,
    get: (path, getOptions) => request(path, { ...getOptions, method: 'GET' }),
    post: (path, data, postOptions) => request(path, { ...postOptions, method: 'POST', data }),
    useRequest: (interceptor) => remover(requestInterceptors, interceptor),
    useResponse: (interceptor) => remover(responseInterceptors, interceptor),
  }
}

/** The gateway client every service module uses. API_BASE is defined at build time (config/index.ts). */
export const gateway: ApiClient = createApiClient({ baseUrl: API_BASE })
