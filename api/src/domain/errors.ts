/** Every expected failure the API reports, as a stable `extensions.code`. Clients switch on these. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  ALREADY_CLAIMED = 'ALREADY_CLAIMED',
  /** The advisor already carries as many alerts as their capacity allows. */
  ADVISOR_AT_CAPACITY = 'ADVISOR_AT_CAPACITY',
  /** The PIN given to cancel an alert matches neither of the person's PINs. */
  INCORRECT_PIN = 'INCORRECT_PIN',
  /** The person has no PINs (never set, or erased by deleteMyData): their phone cannot cancel; the control room closes the alert. */
  PIN_NOT_SET = 'PIN_NOT_SET',
  /** deleteMyData while one of the person's alerts is open (as their phone sees it): close it first. */
  ALERT_OPEN = 'ALERT_OPEN',
  RATE_LIMITED = 'RATE_LIMITED',
  /** The database is unreachable or restarting: safe to retry with the same idempotency key. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** An expected failure: its message is safe to show to the caller and must never contain personal data. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badInput = (message: string, field?: string) =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {});
export const notFound = (what = 'object') => new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
export const forbidden = () => new AppError(ErrorCode.FORBIDDEN, 'not allowed');
export const unauthenticated = (why = 'a valid token is required') => new AppError(ErrorCode.UNAUTHENTICATED, why);
