/** The one place where domain error codes become HTTP statuses. */
import { ErrorCode } from '@fuel/shared';

const STATUS_BY_CODE: Record<string, number> = {
  [ErrorCode.VALIDATION_FAILED]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.IDEMPOTENCY_IN_PROGRESS]: 409,
  [ErrorCode.IDEMPOTENCY_KEY_REUSED]: 422,
  [ErrorCode.UNPROCESSABLE]: 422,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.ACCOUNT_LOCKED]: 423,
  [ErrorCode.PASSWORD_CHANGE_REQUIRED]: 403,
  [ErrorCode.INTERNAL]: 500,
  [ErrorCode.PROVIDER_ERROR]: 502,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
  [ErrorCode.OUTCOME_UNKNOWN]: 504,
};

/** Domain-specific codes (e.g. INSUFFICIENT_BALANCE) are business rule refusals: 422. */
export function httpStatusFor(code: string): number {
  return STATUS_BY_CODE[code] ?? 422;
}
