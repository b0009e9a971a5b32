import type { InvitationStatus } from '../../utils/constants';
import type { InvitationDto, InvitationRow } from './types';

const iso = (value: string | Date | null | undefined): string | null =>
  value == null ? null : new Date(value).toISOString();

export const isOverdue = (row: Pick<InvitationRow, 'status' | 'expiresAt'>, now = new Date()): boolean =>
  row.status === 'pending' && new Date(row.expiresAt).getTime() <= now.getTime();

/** Reads treat an overdue pending invitation as expired even before the expiry task has run. */
export const effectiveStatus = (row: Pick<InvitationRow, 'status' | 'expiresAt'>, now = new Date()): InvitationStatus =>
  isOverdue(row, now) ? 'expired' : row.status;

export const personName = (person: { firstname?: string | null; lastname?: string | null; email: string }): string =>
  [person.firstname, person.lastname].filter(Boolean).join(' ') || person.email;

export const toInvitationDto = (row: InvitationRow, now = new Date()): InvitationDto => ({
  documentId: row.documentId,
  email: row.email,
  firstName: row.firstName ?? null,
  lastName: row.lastName ?? null,
  partnerName: row.partnerName ?? null,
  role: row.role,
  status: effectiveStatus(row, now),
  expiresAt: iso(row.expiresAt)!,
  createdAt: iso(row.createdAt)!,
  respondedAt: iso(row.respondedAt),
  source: row.source,
  customFields: row.customFields ?? null,
  organization: row.organization
    ? { documentId: row.organization.documentId, name: row.organization.name, slug: row.organization.slug }
    : null,
  teams: (row.teams ?? []).map((team) => ({ documentId: team.documentId, name: team.name })),
  invitedBy: row.invitedBy
    ? { id: row.invitedBy.id, name: personName(row.invitedBy), email: row.invitedBy.email }
    : null,
  revokeReason: row.revokeReason ?? null,
  revokeNote: row.revokeNote ?? null,
  declineReason: row.declineReason ?? null,
  reissuedFrom: row.reissuedFrom?.documentId ?? null,
  delivery: {
    status: row.deliveryStatus,
    attempts: row.deliveryAttempts ?? 0,
    lastError: row.deliveryLastError ?? null,
    lastSentAt: iso(row.lastSentAt),
    nextAttemptAt: row.deliveryStatus === 'queued' ? iso(row.nextAttemptAt) : null,
  },
});

export const INVITATION_POPULATE = {
  organization: { select: ['id', 'documentId', 'name', 'slug', 'allowedDomains', 'pendingLimit', 'onboarding', 'defaultRole', 'expiresInHours'] },
  teams: { select: ['id', 'documentId', 'name'] },
  invitedBy: { select: ['id', 'firstname', 'lastname', 'email'] },
  reissuedFrom: { select: ['documentId'] },
} as const;
