import type { DeliveryStatus, InvitationSource, InvitationStatus } from '../../../../shared/contracts';
import type { Actor } from '../../utils/types';
import type { OrganizationRow, TeamRow } from '../organization/types';

/** An invitation row as the store returns it (with the relations of `INVITATION_POPULATE`). */
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
  /** The organization's id, kept beside its link for the organization's list (see the store's `list`). */
  scopeOrganization: number | null;
  createdAt: string;
  updatedAt: string;
  organization?: OrganizationRow | null;
  teams?: TeamRow[];
  invitedBy?: { id: number; firstname: string | null; lastname: string | null; email: string } | null;
  invitedByUser?: { id: number; username: string; email: string } | null;
  revokedBy?: { id: number; email: string } | null;
  reissuedFrom?: { documentId: string } | null;
}

/** What a preview reads of an invitation: what it shows, what decides its answer, and the nonce. */
export type InvitationPreviewRow = Pick<
  InvitationRow,
  | 'id'
  | 'documentId'
  | 'email'
  | 'role'
  | 'status'
  | 'expiresAt'
  | 'firstName'
  | 'lastName'
  | 'partnerName'
  | 'tokenNonce'
  | 'invitedBy'
  | 'invitedByUser'
> & { organization?: Pick<OrganizationRow, 'id' | 'documentId' | 'name' | 'slug'> | null };

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

/** One invitation to create, as admission decided it. */
export interface InvitationDraft extends InviteTarget {
  /** Normalized (trimmed, lower-cased). */
  email: string;
  /** `pendingKeyOf(email, organization)` */
  pendingKey: string;
  reissuedFrom?: Pick<InvitationRow, 'id' | 'documentId'> | null;
}

export interface InsertedInvitation {
  id: number;
  documentId: string;
}

/** Which invitations `expireOverdue` considers: all overdue ones, or only those among a list. */
export type ExpireScope =
  | { pendingKeys: readonly string[] }
  | { ids: readonly number[] }
  | { documentIds: readonly string[] }
  | 'all';

/** An invitation the store just expired, as its audit event and webhook need it. */
export interface ExpiredInvitation {
  id: number;
  documentId: string;
  email: string;
  expiresAt: string;
  organization: { documentId: string } | null;
}

/** What the list query takes, validated (see validation/invitation). */
export interface InvitationListQuery {
  status?: InvitationStatus;
  search?: string;
  /** documentId or slug, as the admin filters by it (the service resolves it). */
  organization?: string;
  page: number;
  pageSize: number;
  sort: string;
}

/** How `insert` creates invitations: who and from where, and what runs in its transaction. */
export interface InsertOptions {
  actor: Actor;
  source: InvitationSource;
  /** Runs first in the transaction and answers the drafts to insert (admission's pending limits). */
  beforeInsert?: (drafts: readonly InvitationDraft[]) => Promise<readonly InvitationDraft[]>;
  /** Runs last in the transaction, with the inserted rows by pending key (their audit events). */
  inTransaction?: (created: Map<string, InsertedInvitation>) => Promise<void>;
}

/** The list query as the store runs it: the organization resolved to its id. */
export type InvitationListScope = Omit<InvitationListQuery, 'organization'> & { organizationId?: number };
