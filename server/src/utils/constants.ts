export const PLUGIN_ID = 'invitations';

export const UID = {
  organization: 'plugin::invitations.organization',
  team: 'plugin::invitations.team',
  membership: 'plugin::invitations.membership',
  invitation: 'plugin::invitations.invitation',
  auditEvent: 'plugin::invitations.audit-event',
  user: 'plugin::users-permissions.user',
  role: 'plugin::users-permissions.role',
  adminUser: 'admin::user',
} as const;

export const INVITATION_STATUSES = ['pending', 'accepted', 'declined', 'expired', 'revoked'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export const DELIVERY_STATUSES = ['queued', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const INVITATION_SOURCES = ['manual', 'csv', 'api'] as const;
export type InvitationSource = (typeof INVITATION_SOURCES)[number];

export const MEMBERSHIP_STATUSES = ['active', 'pending', 'rejected', 'removed'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

const HOUR_MS = 3_600_000;

/** When an invitation valid for `hours` expires, counted from `from` (epoch ms, default now). */
export const expiryAfter = (hours: number, from: number = Date.now()): Date => new Date(from + hours * HOUR_MS);
