import { errors } from '@strapi/utils';

/**
 * Every user-facing failure of the plugin carries a machine-readable `details.code`.
 *
 * Strapi's error middleware answers an `errors.HttpError` with its own status as
 * `{ data: null, error: { status, name, message, details } }` without logging it as a crash
 * (@strapi/core middlewares/errors). That lets us answer 409 and 410, which its ApplicationError
 * family (always 400/401/403/404…) cannot express.
 */
export type ErrorCode =
  | 'INVITATION_NOT_FOUND'
  | 'INVITATION_EXPIRED'
  | 'INVITATION_REVOKED'
  | 'INVITATION_ALREADY_USED'
  | 'INVALID_TRANSITION'
  | 'ALREADY_MEMBER'
  | 'ACCOUNT_EXISTS'
  | 'EMAIL_MISMATCH'
  | 'DOMAIN_NOT_ALLOWED'
  | 'PENDING_LIMIT_REACHED'
  | 'INVALID_EMAIL'
  | 'UNKNOWN_ROLE'
  | 'UNKNOWN_ORGANIZATION'
  | 'UNKNOWN_TEAM'
  | 'ORGANIZATION_NOT_FOUND'
  | 'MEMBERSHIP_NOT_FOUND'
  | 'SLUG_TAKEN'
  | 'REVOKE_REASON_INVALID'
  | 'REVOKE_NOTE_REQUIRED'
  | 'TOO_MANY_EMAILS'
  | 'VALIDATION_ERROR'
  | 'UNAUTHENTICATED'
  | 'AUDIT_EVENTS_ARE_APPEND_ONLY'
  | 'TOKEN_SECRET_MISSING'
  | 'CSV_FILE_REQUIRED'
  | 'CSV_FILE_TOO_LARGE'
  | 'CSV_TOO_MANY_ROWS'
  | 'CSV_EMPTY'
  | 'CSV_NOT_CSV'
  | 'CSV_NOT_UTF8'
  | 'CSV_WRONG_SEPARATOR'
  | 'CSV_MISSING_HEADER'
  | 'CSV_MISSPELLED_HEADER';

const NAMES: Record<number, string> = {
  400: 'BadRequestError',
  401: 'UnauthorizedError',
  403: 'ForbiddenError',
  404: 'NotFoundError',
  409: 'ConflictError',
  410: 'GoneError',
};

export class InvitationError extends Error {
  readonly status: number;
  readonly statusCode: number;
  readonly expose = true;
  readonly details: { code: ErrorCode } & Record<string, unknown>;

  constructor(status: number, code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = NAMES[status] ?? 'ApplicationError';
    this.status = status;
    this.statusCode = status;
    this.details = { code, ...details };
  }
}

// http-errors' HttpError is an abstract constructor that throws when called, so it cannot be
// `super()`-ed; linking the prototype makes `instanceof errors.HttpError` hold, which is all
// Strapi's error middleware checks.
Object.setPrototypeOf(InvitationError.prototype, errors.HttpError.prototype);

export const badRequest = (code: ErrorCode, message: string, details?: Record<string, unknown>) =>
  new InvitationError(400, code, message, details);

export const isInvitationError = (error: unknown): error is InvitationError => error instanceof InvitationError;

/**
 * True when the database refused a row because of a unique index (SQLite, PostgreSQL, MySQL); with
 * `column`, only when it was that column's index, so that a caller maps only the conflict it expects.
 */
export const isUniqueViolation = (error: unknown, column?: string): boolean => {
  const e = error as { code?: string; message?: string; detail?: string; constraint?: string } | null;
  if (!e) return false;
  const unique =
    e.code === '23505' || // PostgreSQL
    e.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e.code === 'ER_DUP_ENTRY' ||
    /UNIQUE constraint failed|duplicate key value/i.test(e.message ?? '');
  if (!unique || !column) return unique;
  // Which index was hit: SQLite names "table.column" in the message, PostgreSQL "Key (column)=…" in
  // the detail and the index in the constraint, MySQL the index in the message.
  return [e.message, e.detail, e.constraint].some((text) => text?.includes(column));
};
