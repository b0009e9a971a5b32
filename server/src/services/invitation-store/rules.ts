import type { DeliveryState, DeliveryStatus, InvitationStatus } from '../../../../shared/contracts';

/**
 * The invitation's own rules, pure so that unit tests cover them and every reader agrees.
 *
 * Overdue: a pending invitation whose expiry has passed. It reads as `expired` everywhere (lists,
 * previews, accept, mail) even before the expiry task has marked it.
 */
export const isOverdue = (
  row: { status: InvitationStatus; expiresAt: string | Date },
  now: Date = new Date()
): boolean => row.status === 'pending' && new Date(row.expiresAt).getTime() <= now.getTime();

export const effectiveStatus = (
  row: { status: InvitationStatus; expiresAt: string | Date },
  now: Date = new Date()
): InvitationStatus => (isOverdue(row, now) ? 'expired' : row.status);

/**
 * A queued mail whose invitation is no longer pending is never sent (the worker claims pending,
 * unexpired invitations only): it reads as `cancelled`, not as a mail still on its way or retrying.
 */
export const effectiveDelivery = (
  row: { status: InvitationStatus; expiresAt: string | Date; deliveryStatus: DeliveryStatus },
  now: Date = new Date()
): DeliveryState =>
  row.deliveryStatus === 'queued' && effectiveStatus(row, now) !== 'pending' ? 'cancelled' : row.deliveryStatus;

/**
 * At most one pending invitation per email and organization: this key is set while an invitation is
 * pending and cleared when it reaches a final state (the store does both). Its database unique index
 * makes the rule hold under concurrent requests and instances, and makes a re-run of the same batch
 * create nothing twice.
 */
export const pendingKeyOf = (email: string, organization: { documentId: string } | null | undefined): string =>
  `${organization?.documentId ?? '-'}:${email}`;

/** Who invited, as mails, previews and lists name them. */
export interface Inviter {
  id: number;
  firstname: string | null;
  lastname: string | null;
  email: string;
}

/**
 * The inviter of an invitation: the admin (`invitedBy`) or the organization's own member who invited
 * from the portal (`invitedByUser`, named by their username); null for the system.
 */
export const inviterOf = (row: {
  invitedBy?: Inviter | null;
  invitedByUser?: { id: number; username: string; email: string } | null;
}): Inviter | null =>
  row.invitedBy ??
  (row.invitedByUser
    ? {
        id: row.invitedByUser.id,
        firstname: row.invitedByUser.username,
        lastname: null,
        email: row.invitedByUser.email,
      }
    : null);
