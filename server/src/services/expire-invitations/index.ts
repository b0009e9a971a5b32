import { UID } from '../../utils/constants';
import { chunk, query, supportsReturning, tableOf, withKnex } from '../../utils/db';
import { getService } from '../../utils/get-service';
import { SYSTEM_ACTOR, type StrapiContext } from '../../utils/types';

export interface ExpireScope {
  pendingKeys?: string[];
  invitationIds?: number[];
  documentIds?: string[];
}

/** One `invitation.expired` event per invitation, with its organization, in the caller's transaction. */
interface ExpiredRow {
  documentId: string;
  email: string;
  expiresAt: string;
  organization: { documentId: string } | null;
}

const auditExpired = async (strapi: StrapiContext['strapi'], ids: number[]): Promise<ExpiredRow[]> => {
  const expired: ExpiredRow[] = [];
  for (const part of chunk(ids)) {
    const rows = (await query(strapi, UID.invitation).findMany({
      select: ['documentId', 'email', 'expiresAt'],
      where: { id: { $in: part } },
      populate: { organization: { select: ['documentId'] } },
    })) as ExpiredRow[];
    expired.push(...rows);
    await getService('audit', strapi).recordMany(
      rows.map((row) => ({
        action: 'invitation.expired' as const,
        actor: SYSTEM_ACTOR,
        invitation: row.documentId,
        organization: row.organization?.documentId,
        data: { email: row.email, expiresAt: new Date(row.expiresAt).toISOString() },
      }))
    );
  }
  return expired;
};

/**
 * Marks overdue pending invitations `expired` with one conditional, set-based UPDATE and audits each
 * in the same transaction. Safe when several instances run it at once: the UPDATE only takes rows
 * that are still pending, and each row is returned to (and audited by) exactly one of them.
 */
const expireInvitationsService = ({ strapi }: StrapiContext) => ({
  /** The cron task: expires every overdue invitation. */
  async run(): Promise<number> {
    return this.expireOverdue();
  },

  async expireOverdue(scope: ExpireScope = {}): Promise<number> {
    const inv = tableOf(strapi, UID.invitation);
    const c = inv.column;
    const scoped = [scope.pendingKeys, scope.invitationIds, scope.documentIds].find((list) => list !== undefined);
    if (scoped && scoped.length === 0) return 0;
    const parts: (readonly (string | number)[] | undefined)[] = scoped ? chunk<string | number>(scoped) : [undefined];

    let total = 0;
    for (const part of parts) {
      const expired = await withKnex(strapi, async (table): Promise<ExpiredRow[]> => {
        const now = new Date();
        const overdue = () => {
          const qb = table(inv.name).where(c('status'), 'pending').where(c('expiresAt'), '<=', now);
          if (part && scope.pendingKeys) qb.whereIn(c('pendingKey'), part);
          if (part && scope.invitationIds) qb.whereIn('id', part);
          if (part && scope.documentIds) qb.whereIn(c('documentId'), part);
          return qb;
        };
        const changes = { [c('status')]: 'expired', [c('pendingKey')]: null, [c('updatedAt')]: now };

        let ids: number[];
        if (supportsReturning(strapi)) {
          const rows = (await overdue().update(changes).returning(['id'])) as { id: number }[];
          ids = rows.map((row) => row.id);
        } else {
          // MySQL/MariaDB have no RETURNING: lock the rows first, then update exactly those.
          const rows = (await overdue().select('id').forUpdate()) as { id: number }[];
          ids = rows.map((row) => row.id);
          for (const idsPart of chunk(ids)) {
            await table(inv.name).whereIn('id', idsPart).where(c('status'), 'pending').update(changes);
          }
        }
        return ids.length === 0 ? [] : auditExpired(strapi, ids);
      });
      total += expired.length;
      // After commit: webhooks announce only what happened.
      expired.forEach((row) =>
        getService('webhook-events', strapi).emit('invitation.expired', {
          invitation: { documentId: row.documentId, email: row.email, status: 'expired', expiresAt: new Date(row.expiresAt).toISOString(), organization: row.organization?.documentId ?? null },
        })
      );
    }
    return total;
  },
});

export default expireInvitationsService;
export type ExpireInvitationsService = ReturnType<typeof expireInvitationsService>;
