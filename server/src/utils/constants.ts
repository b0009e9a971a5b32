export { PLUGIN_ID } from '../../../shared/contracts';

export const UID = {
  organization: 'plugin::invitations.organization',
  team: 'plugin::invitations.team',
  membership: 'plugin::invitations.membership',
  invitation: 'plugin::invitations.invitation',
  joinLink: 'plugin::invitations.join-link',
  auditEvent: 'plugin::invitations.audit-event',
  user: 'plugin::users-permissions.user',
  role: 'plugin::users-permissions.role',
  adminUser: 'admin::user',
} as const;

const HOUR_MS = 3_600_000;

/** When an invitation valid for `hours` expires, counted from `from` (epoch ms, default now). */
export const expiryAfter = (hours: number, from: number = Date.now()): Date => new Date(from + hours * HOUR_MS);
