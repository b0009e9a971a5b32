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
  'import.batch_created',
  'import.completed',
  'join_link.created',
  'join_link.revoked',
  'join_link.rotated',
  'join_link.link_copied',
  'join_link.used',
  'organization.created',
  'organization.updated',
  'team.created',
  'membership.approved',
  'membership.rejected',
  'membership.updated',
  'membership.removed',
  'membership.left',
  'settings.updated',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const ACTOR_TYPES = ['admin', 'user', 'invitee', 'system'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export interface AuditEvent {
  documentId: string;
  action: AuditAction;
  actorType: ActorType;
  actorId: string | null;
  actorLabel: string | null;
  invitation: string | null;
  organization: string | null;
  /** The organization's current name; null when there is none or it no longer exists. */
  organizationName: string | null;
  data: Record<string, unknown> | null;
  createdAt: string;
}

/** Columns of the audit log's CSV export, in order. */
export const AUDIT_EXPORT_COLUMNS = [
  'createdAt',
  'action',
  'actorType',
  'actorLabel',
  'actorId',
  'invitation',
  'organization',
  'organizationName',
  'data',
] as const satisfies readonly (keyof AuditEvent)[];
