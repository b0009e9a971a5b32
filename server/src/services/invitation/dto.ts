import type { InvitationDto } from '../../../../shared/contracts';
import { personName } from '../../utils/people';
import { effectiveDelivery, effectiveStatus, inviterOf } from '../invitation-store/rules';
import type { InvitationRow } from '../invitation-store/types';

const iso = (value: string | Date | null | undefined): string | null =>
  value == null ? null : new Date(value).toISOString();

/** What every API answers for an invitation: never its token, hash, nonce or pending key. */
export const toInvitationDto = (row: InvitationRow, now = new Date()): InvitationDto => {
  const inviter = inviterOf(row);
  return {
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
    invitedBy: inviter ? { id: inviter.id, name: personName(inviter), email: inviter.email } : null,
    revokeReason: row.revokeReason ?? null,
    revokeNote: row.revokeNote ?? null,
    declineReason: row.declineReason ?? null,
    reissuedFrom: row.reissuedFrom?.documentId ?? null,
    delivery: {
      status: effectiveDelivery(row, now),
      attempts: row.deliveryAttempts ?? 0,
      lastError: row.deliveryLastError ?? null,
      lastSentAt: iso(row.lastSentAt),
      nextAttemptAt: effectiveDelivery(row, now) === 'queued' ? iso(row.nextAttemptAt) : null,
    },
  };
};
