import type { FieldDefinition } from './fields';

/**
 * The invitation part of the HTTP contract, shared by the server (which answers with these shapes)
 * and the admin panel (which reads them). Values, not just types: the panel's status filter and
 * sortable columns come from the same lists the server validates against.
 */

export const INVITATION_STATUSES = ['pending', 'accepted', 'declined', 'expired', 'revoked'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export const DELIVERY_STATUSES = ['queued', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * The delivery state the APIs answer: the stored status, or `cancelled` for a mail still queued when
 * its invitation stopped being pending (accepted, declined, revoked or expired first): it will never
 * be sent, and nothing is retrying it.
 */
export const DELIVERY_STATES = [...DELIVERY_STATUSES, 'cancelled'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const INVITATION_SOURCES = ['manual', 'csv', 'api', 'portal'] as const;
export type InvitationSource = (typeof INVITATION_SOURCES)[number];

/** Columns the invitations list can sort by; `lastSentAt` is the panel's "Sent" column. */
export const INVITATION_SORT_FIELDS = [
  'email',
  'firstName',
  'lastName',
  'role',
  'status',
  'createdAt',
  'expiresAt',
  'lastSentAt',
] as const;
export type InvitationSortField = (typeof INVITATION_SORT_FIELDS)[number];
export const DEFAULT_INVITATION_SORT = 'createdAt:desc';

export const INVITE_RESULT_CODES = [
  'created',
  'duplicate',
  'already_member',
  'already_invited',
  'domain_not_allowed',
  'invalid_email',
  'limit_reached',
] as const;
export type InviteResultCode = (typeof INVITE_RESULT_CODES)[number];

/** An invitation as every API answers it: never the token, its hash or nonce. */
export interface InvitationDto {
  documentId: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  partnerName: string | null;
  role: string;
  /** Effective status: a pending invitation past its expiry reads as `expired` before the cron runs. */
  status: InvitationStatus;
  expiresAt: string;
  createdAt: string;
  respondedAt: string | null;
  source: InvitationSource;
  customFields: Record<string, unknown> | null;
  organization: { documentId: string; name: string; slug: string } | null;
  teams: { documentId: string; name: string }[];
  invitedBy: { id: number; name: string; email: string } | null;
  revokeReason: string | null;
  revokeNote: string | null;
  declineReason: string | null;
  reissuedFrom: string | null;
  delivery: {
    status: DeliveryState;
    attempts: number;
    lastError: string | null;
    lastSentAt: string | null;
    nextAttemptAt: string | null;
  };
}

/** One address of an invite request and what became of it. */
export interface InviteOutcome {
  /** The address as given (trimmed); `email` is normalized (lower-cased). */
  input: string;
  email: string;
  result: InviteResultCode;
  message: string;
  invitation?: InvitationDto;
}

/** POST /invitations/invitations answers this. */
export interface InviteResponse {
  results: InviteOutcome[];
  summary: Partial<Record<InviteResultCode, number>>;
}

/** One address of an invite request with its own role or teams (the dialog's role per chip). */
export interface InviteAddress {
  email: string;
  /** This address's role; without it, the request's `role`. */
  role?: string;
  /** This address's teams (documentIds or names); without them, the request's `teams`. */
  teams?: string[];
}

/** POST /invitations/invitations (and the portal's): an invite request. */
export interface InviteRequest {
  /**
   * A list of addresses (strings, or `{ email, role?, teams? }` for an address with a role or teams of
   * its own), or one string separated by commas, semicolons, spaces or new lines.
   */
  emails: string | (string | InviteAddress)[];
  /** The role of every address that names none. */
  role?: string;
  /** documentId or slug */
  organization?: string;
  /** documentIds or names of the organization's teams */
  teams?: string[];
  firstName?: string;
  lastName?: string;
  partnerName?: string;
  customFields?: Record<string, unknown>;
  expiresInHours?: number;
}

/** What the Content API's preview answers: enough for the accept page, never the token. */
export interface InvitationPreview {
  email: string;
  firstName: string | null;
  lastName: string | null;
  partnerName: string | null;
  role: string;
  status: InvitationStatus;
  expiresAt: string;
  organization: { name: string; slug: string } | null;
  inviter: { name: string } | null;
  portal: string;
  /**
   * What to ask the invitee before accepting (send the answers as `application`, by key). Empty when
   * the invitation leads to no membership (a portal-wide invitation) or the portal defines none.
   */
  applicationFields: FieldDefinition[];
}

/** One of the signed-in user's pending invitations (GET /api/invitations/me/invitations). */
export interface MyInvitation extends InvitationPreview {
  documentId: string;
}

/** A users-permissions user as the Content API answers it (never its password or tokens). */
export interface PortalAccount {
  id: number;
  documentId: string;
  username: string;
  email: string;
  confirmed?: boolean;
  createdAt?: string;
  updatedAt?: string;
}

/** What accepting answers (by token, or one of my invitations by id). */
export interface AcceptResult {
  status: 'accepted';
  organization: { documentId: string; name: string; slug: string } | null;
  membership: { documentId: string; status: 'active' | 'pending' } | null;
  /** Only when the accept registered a new account, like /api/auth/local/register. */
  jwt?: string;
  /** With `jwt`, in users-permissions' `jwtManagement: 'refresh'` mode. */
  refreshToken?: string;
  user?: PortalAccount;
}
