import { getService } from '../../utils/get-service';
import { SYSTEM_ACTOR, type StrapiContext } from '../../utils/types';
import type { ExpireScope } from '../invitation-store/types';

/**
 * Expiry: marks overdue pending invitations `expired` (the store's set-based, conditional UPDATEs),
 * audits each in the same transaction and announces them by webhook after commit. Safe when several
 * instances run it at once: each invitation is expired, audited and announced by exactly one.
 */
const expireInvitationsService = ({ strapi }: StrapiContext) => ({
  /** The cron task: expires every overdue invitation. */
  async run(): Promise<number> {
    return this.expire('all');
  },

  /** Expires the overdue invitations in `scope`; answers how many. */
  async expire(scope: ExpireScope): Promise<number> {
    return getService('invitation-store', strapi).expireOverdue(
      scope,
      (rows) =>
        getService('audit', strapi).recordMany(
          rows.map((row) => ({
            action: 'invitation.expired' as const,
            actor: SYSTEM_ACTOR,
            invitation: row.documentId,
            organization: row.organization?.documentId,
            data: { email: row.email, expiresAt: new Date(row.expiresAt).toISOString() },
          }))
        ),
      // After each chunk's commit (see the store): webhooks announce only what happened, a chunk's as
      // soon as it is committed.
      (rows) => {
        for (const row of rows) {
          getService('webhook-events', strapi).emit('invitation.expired', {
            invitation: {
              documentId: row.documentId,
              email: row.email,
              status: 'expired',
              expiresAt: new Date(row.expiresAt).toISOString(),
              organization: row.organization?.documentId ?? null,
            },
          });
        }
      }
    );
  },
});

export default expireInvitationsService;
export type ExpireInvitationsService = ReturnType<typeof expireInvitationsService>;
