import type { DeliveryStatus, InvitationSource, InvitationStatus } from '../../utils/constants';
import type { OrganizationRow, TeamRow } from '../organization/types';

/** An invitation row as the query engine returns it (with the relations we populate). */
export interface InvitationRow {
  id: number;
  documentId: string;
  email: string;
  role: string;
  status: InvitationStatus;
  expiresAt: string | Date;
  firstName: string | null;
  lastName: string | null;
  partnerName: string | null;
  customFields: Record<string, unknown> | null;
  source: InvitationSource;
  respondedAt: string | null;
  declineReason: string | null;
  revokeReason: string | null;
  revokeNote: string | null;
  deliveryStatus: DeliveryStatus;
  deliveryAttempts: number;
  deliveryLastError: string | null;
  lastSentAt: string | null;
  nextAttemptAt: string | null;
  tokenNonce: string;
  tokenHash: string;
  pendingKey: string | null;
  createdAt: string;
  updatedAt: string;
  organization?: OrganizationRow | null;
  teams?: TeamRow[];
  invitedBy?: { id: number; firstname: string | null; lastname: string | null; email: string } | null;
  revokedBy?: { id: number; email: string } | null;
  reissuedFrom?: { documentId: string } | null;
}

/** What the admin API returns for an invitation: never the token, its hash or nonce. */
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
    status: DeliveryStatus;
    attempts: number;
    lastError: string | null;
    lastSentAt: string | null;
    nextAttemptAt: string | null;
  };
}

export interface InviteInput {
  emails: string | string[];
  role?: string;
  /** documentId or slug */
  organization?: string;
  /** team documentIds (of the organization) */
  teams?: string[];
  firstName?: string;
  lastName?: string;
  partnerName?: string;
  customFields?: Record<string, unknown>;
  expiresInHours?: number;
}

/** Everything an invitation is created with apart from its email address. */
export interface InviteTarget {
  organization: OrganizationRow | null;
  teams: TeamRow[];
  role: string;
  expiresAt: Date;
  firstName: string | null;
  lastName: string | null;
  partnerName: string | null;
  customFields: Record<string, unknown> | null;
}

/** One invitation to create, whether from the form, the API, "send new invitation" or a CSV row. */
export interface InvitationDraft extends InviteTarget {
  /** Normalized (trimmed, lower-cased). */
  email: string;
  /** `pendingKeyOf(email, organization)` */
  pendingKey: string;
  reissuedFrom?: Pick<InvitationRow, 'id' | 'documentId'> | null;
}

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

export interface InviteOutcome {
  /** The address as given (trimmed); `email` on the invitation is lower-cased. */
  input: string;
  email: string;
  result: InviteResultCode;
  message: string;
  invitation?: InvitationDto;
}

export interface ListQuery {
  status?: InvitationStatus;
  search?: string;
  organization?: string;
  page: number;
  pageSize: number;
  sort: string;
}
