import type { Actor } from '../../utils/types';

export const AUDIT_ACTIONS = [
  'invitation.created',
  'invitation.sent',
  'invitation.resent',
  'invitation.delivery_failed',
  'invitation.revoked',
  'invitation.expired',
  'invitation.accepted',
  'invitation.declined',
  'invitation.reissued',
  'invitation.link_copied',
  'import.completed',
  'organization.created',
  'organization.updated',
  'team.created',
  'membership.approved',
  'membership.rejected',
  'membership.updated',
  'membership.removed',
  'settings.updated',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditInput {
  action: AuditAction;
  actor: Actor;
  /** documentId of the invitation, if any */
  invitation?: string | null;
  /** documentId of the organization, if any */
  organization?: string | null;
  data?: Record<string, unknown>;
}

export interface AuditEvent {
  documentId: string;
  action: AuditAction;
  actorType: Actor['type'];
  actorId: string | null;
  actorLabel: string | null;
  invitation: string | null;
  organization: string | null;
  /** The organization's current name; null when there is none or it no longer exists. */
  organizationName: string | null;
  data: Record<string, unknown> | null;
  createdAt: string;
}

export interface AuditFilters {
  action?: string;
  organization?: string;
  invitation?: string;
  actor?: string;
  from?: Date;
  to?: Date;
}
