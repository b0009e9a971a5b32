import { errors } from '@strapi/utils';
import type { ErrorCode } from '../../../shared/contracts';

/**
 * Every user-facing failure of the plugin carries a machine-readable `details.code`.
 *
 * Strapi's error middleware answers an `errors.HttpError` with its own status as
 * `{ data: null, error: { status, name, message, details } }` without logging it as a crash
 * (@strapi/core middlewares/errors). That lets us answer 409 and 410, which its ApplicationError
 * family (always 400/401/403/404…) cannot express.
 */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 429 | 500;

const NAMES: Record<ErrorStatus, string> = {
  400: 'BadRequestError',
  401: 'UnauthorizedError',
  403: 'ForbiddenError',
  404: 'NotFoundError',
  409: 'ConflictError',
  410: 'GoneError',
  429: 'TooManyRequestsError',
  500: 'InternalServerError',
};

export class InvitationError extends Error {
  readonly status: ErrorStatus;
  readonly statusCode: ErrorStatus;
  readonly expose = true;
  readonly details: { code: ErrorCode } & Record<string, unknown>;

  constructor(status: ErrorStatus, code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
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

const SQL_STATEMENT = /^\s*(insert|update|delete|select|with|alter|create|drop)\b/i;

/**
 * An error a database driver raised itself, without knex around it (the SQLite bulk insert binds on
 * the connection): better-sqlite3's codes start with SQLITE_, mysql2's errors carry a sqlState, pg's a
 * severity and the server routine that raised them.
 */
const isDriverError = (error: unknown): boolean => {
  if (error === null || typeof error !== 'object') return false;
  const e = error as { code?: unknown; sqlState?: unknown; severity?: unknown; routine?: unknown };
  return (
    (typeof e.code === 'string' && e.code.startsWith('SQLITE_')) ||
    typeof e.sqlState === 'string' ||
    (typeof e.severity === 'string' && typeof e.routine === 'string')
  );
};

/**
 * An error's message for a log line, without the SQL statement knex puts in front of the database's
 * own message (`<statement> - <reason>`): the statement carries row values (addresses, token nonces
 * and hashes among them), which have no place in a log.
 */
export const loggableMessage = (error: unknown): string => {
  // Not `instanceof Error`: a native driver's error (better-sqlite3's) may come from another realm.
  const raw =
    error !== null && typeof error === 'object' && 'message' in error
      ? String((error as { message: unknown }).message)
      : String(error);
  const message = raw.replace(/^\w*Error: /, '');
  if (!SQL_STATEMENT.test(message)) return isDriverError(error) ? `a database statement failed: ${message}` : message;
  const reason = message.lastIndexOf(' - ');
  return reason === -1 ? 'a database statement failed' : `a database statement failed: ${message.slice(reason + 3)}`;
};
