/**
 * Every user-facing failure carries one of these in `error.details.code`, so a frontend can react to
 * the case rather than parse the message.
 */
export const ERROR_CODES = [
  'INVITATION_NOT_FOUND',
  'INVITATION_EXPIRED',
  'INVITATION_REVOKED',
  'INVITATION_ALREADY_USED',
  'JOIN_LINK_NOT_FOUND',
  'JOIN_LINK_EXPIRED',
  'JOIN_LINK_EXHAUSTED',
  'JOIN_LINK_REVOKED',
  'INVALID_TRANSITION',
  'ALREADY_MEMBER',
  'LAST_ADMIN',
  'ACCOUNT_EXISTS',
  'EMAIL_MISMATCH',
  'FORBIDDEN',
  'DOMAIN_NOT_ALLOWED',
  'PENDING_LIMIT_REACHED',
  'INVALID_EMAIL',
  'UNKNOWN_ROLE',
  'UNKNOWN_ORGANIZATION',
  'UNKNOWN_TEAM',
  'ORGANIZATION_NOT_FOUND',
  'MEMBERSHIP_NOT_FOUND',
  'SLUG_TAKEN',
  'REVOKE_REASON_INVALID',
  'REVOKE_NOTE_REQUIRED',
  'TOO_MANY_EMAILS',
  'VALIDATION_ERROR',
  'UNAUTHENTICATED',
  'AUDIT_EVENTS_ARE_APPEND_ONLY',
  'RATE_LIMITED',
  'ACCEPT_URL_NOT_ALLOWED',
  'CSV_FILE_REQUIRED',
  'CSV_IMPORT_INTERRUPTED',
  'CSV_FILE_TOO_LARGE',
  'CSV_TOO_MANY_ROWS',
  'CSV_EMPTY',
  'CSV_NOT_CSV',
  'CSV_MISSING_HEADER',
  'CSV_MISSPELLED_HEADER',
  'CSV_MAPPING_INVALID',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Strapi's error body, as the admin panel and a portal frontend receive it. */
export interface ErrorBody {
  data: null;
  error: {
    status: number;
    name: string;
    message: string;
    details: { code: ErrorCode; errors?: { path: string; message: string }[] } & Record<string, unknown>;
  };
}
