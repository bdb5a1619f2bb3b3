/**
 * Services throw DomainError with a stable code; only the gateway maps codes to HTTP statuses.
 * Codes are UPPER_SNAKE strings so that clients can branch on them.
 */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  IDEMPOTENCY_IN_PROGRESS: 'IDEMPOTENCY_IN_PROGRESS',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  UNPROCESSABLE: 'UNPROCESSABLE',
  RATE_LIMITED: 'RATE_LIMITED',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** A change was sent but no answer came: it may have been made. The same request with its Idempotency-Key tells. */
  OUTCOME_UNKNOWN: 'OUTCOME_UNKNOWN',
  PROVIDER_ERROR: 'PROVIDER_ERROR',
  INTERNAL: 'INTERNAL',
  // Business refusals (422 unless error-status.ts says otherwise), one registry for every code a client may see.
  ACCOUNT_LOCKED: 'ACCOUNT_LOCKED',
  PASSWORD_CHANGE_REQUIRED: 'PASSWORD_CHANGE_REQUIRED',
  INSUFFICIENT_BALANCE: 'INSUFFICIENT_BALANCE',
  OUT_OF_STOCK: 'OUT_OF_STOCK',
  /** Fuel ordered outside the station's opening hours (or while it is closed by its operator). */
  STATION_CLOSED: 'STATION_CLOSED',
  COUPON_NOT_APPLICABLE: 'COUPON_NOT_APPLICABLE',
  COUPON_NOT_STACKABLE: 'COUPON_NOT_STACKABLE',
  NOT_MEMBER_DAY: 'NOT_MEMBER_DAY',
  TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_SUBSCRIPTIONS',
  PRICE_JUMP_UNCONFIRMED: 'PRICE_JUMP_UNCONFIRMED',
  MEMBER_PRICE_ABOVE_REGULAR: 'MEMBER_PRICE_ABOVE_REGULAR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One offending input field, named by its path ("body.items.0.qty", "query.page"). */
export interface FieldIssue {
  field: string;
  message: string;
}

export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static notFound(what: string, id?: string | number): DomainError {
    return new DomainError(ErrorCode.NOT_FOUND, id === undefined ? `${what}不存在` : `${what}不存在: ${id}`);
  }

  /** A client's Idempotency-Key sent again with another request (422). */
  static keyReused(): DomainError {
    return new DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, '幂等键已用于另一个不同的请求');
  }

  static invalid(issues: FieldIssue[], message = '请求参数有误'): DomainError {
    return new DomainError(ErrorCode.VALIDATION_FAILED, message, { fields: issues });
  }

  /** Recognises the plain object an RPC error arrives as on the gateway side. */
  static isErrorBody(value: unknown): value is ErrorBody {
    return (
      typeof value === 'object' &&
      value !== null &&
      !(value instanceof Error) && // transport errors (ECONNREFUSED…) are Errors with a code too
      typeof (value as ErrorBody).code === 'string' &&
      typeof (value as ErrorBody).message === 'string'
    );
  }
}

/**
 * A definite no from another service: retrying will not change it. An outage or a timeout (SERVICE_UNAVAILABLE,
 * OUTCOME_UNKNOWN, INTERNAL, or no DomainError at all) is not one — the other side may even have acted.
 */
export function isDefiniteRefusal(error: unknown): error is DomainError {
  return error instanceof DomainError && error.code !== ErrorCode.SERVICE_UNAVAILABLE && error.code !== ErrorCode.OUTCOME_UNKNOWN && error.code !== ErrorCode.INTERNAL;
}
