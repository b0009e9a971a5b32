import type { Page } from '../../../../shared/contracts';
import { UID } from '../../utils/constants';
import type { Knex } from 'knex';
import {
  chunk,
  countLinkedLatest,
  linkTableOf,
  query,
  tableOf,
  updateReturning,
  whereInList,
  withKnex,
} from '../../utils/db';
import { getService } from '../../utils/get-service';
import type { StrapiContext } from '../../utils/types';
import { ORGANIZATION_RULE_FIELDS } from '../organization/types';
import { insertInvitations } from './insert';
import type {
  ExpireScope,
  ExpiredInvitation,
  InsertOptions,
  InsertedInvitation,
  InvitationDraft,
  InvitationListQuery,
  InvitationRow,
} from './types';
import type { InvitationStatus } from '../../../../shared/contracts';

/** The relations every invitation read brings along. */
export const INVITATION_POPULATE = {
  organization: { select: [...ORGANIZATION_RULE_FIELDS] },
  teams: { select: ['id', 'documentId', 'name'] },
  invitedBy: { select: ['id', 'firstname', 'lastname', 'email'] },
  invitedByUser: { select: ['id', 'username', 'email'] },
  reissuedFrom: { select: ['documentId'] },
} as const;

/**
 * The invitation store: the only code that reads or writes the invitations table. It owns the rules
 * that must hold for every caller:
 * - "pending" means pending and not overdue (`unexpired`), in every query that decides something;
 * - an invitation that reaches a final state gives up its pending key (`finalize`, `expireOverdue`);
 * - the dialect differences, through utils/db.
 */
const invitationStore = ({ strapi }: StrapiContext) => {
  const invitations = () => query(strapi, UID.invitation);
  /** Pending and not yet overdue, as of `now`. */
  const unexpired = (now: Date) => ({ status: 'pending', expiresAt: { $gt: now } });

  /**
   * The organizations (documentId) of invitations, by invitation id, in one read of the link table
   * joined to the organizations: the query engine's populate would also re-read the invitations and
   * shape every row through the entity layer (seconds at 50,000 rows).
   */
  const organizationsOf = async (
    table: (name: string) => Knex.QueryBuilder,
    ids: readonly number[]
  ): Promise<Map<number, string>> => {
    const org = tableOf(strapi, UID.organization);
    const link = linkTableOf(strapi, UID.invitation, 'organization');
    const found = new Map<number, string>();
    for (const part of chunk(ids)) {
      const rows = (await table(`${link.name} as link`)
        .select({ invitation: `link.${link.joinColumn.name}`, organization: `org.${org.column('documentId')}` })
        .join(`${org.name} as org`, 'org.id', `link.${link.inverseJoinColumn.name}`)
        .whereIn(`link.${link.joinColumn.name}`, part)) as { invitation: number; organization: string }[];
      rows.forEach((row) => found.set(Number(row.invitation), row.organization));
    }
    return found;
  };

  return {
    async findByDocumentId(documentId: string): Promise<InvitationRow | null> {
      return (await invitations().findOne({
        where: { documentId },
        populate: INVITATION_POPULATE,
      })) as InvitationRow | null;
    },

    async findById(id: number): Promise<InvitationRow | null> {
      return (await invitations().findOne({ where: { id }, populate: INVITATION_POPULATE })) as InvitationRow | null;
    },

    async findByTokenHash(tokenHash: string): Promise<InvitationRow | null> {
      return (await invitations().findOne({
        where: { tokenHash },
        populate: INVITATION_POPULATE,
      })) as InvitationRow | null;
    },

    /**
     * Gives an invitation a new token hash (its token under the current secret), when its stored hash
     * belongs to a secret no longer honoured: the link being handed out must be one that works.
     */
    async rekey(id: number, tokenHash: string): Promise<void> {
      await invitations().update({ where: { id }, data: { tokenHash } });
    },

    /** Unexpired pending invitations to `email` (normalized), soonest expiry first. */
    async findPendingFor(email: string): Promise<InvitationRow[]> {
      return (await invitations().findMany({
        where: { email, ...unexpired(new Date()) },
        orderBy: [{ expiresAt: 'asc' }, { id: 'asc' }],
        populate: INVITATION_POPULATE,
      })) as InvitationRow[];
    },

    async findManyByIds(ids: readonly number[]): Promise<InvitationRow[]> {
      const rows: InvitationRow[] = [];
      for (const part of chunk(ids)) {
        rows.push(
          ...((await invitations().findMany({
            where: { id: { $in: part } },
            populate: INVITATION_POPULATE,
          })) as InvitationRow[])
        );
      }
      return rows;
    },

    async findManyByDocumentIds(documentIds: readonly string[]): Promise<InvitationRow[]> {
      return (await invitations().findMany({
        where: { documentId: { $in: [...documentIds] } },
        populate: INVITATION_POPULATE,
      })) as InvitationRow[];
    },

    async list(params: InvitationListQuery, now: Date = new Date()): Promise<Page<InvitationRow>> {
      const and: Record<string, unknown>[] = [];
      if (params.status === 'pending') and.push(unexpired(now));
      else if (params.status === 'expired') {
        and.push({ $or: [{ status: 'expired' }, { status: 'pending', expiresAt: { $lte: now } }] });
      } else if (params.status) and.push({ status: params.status });
      if (params.search) {
        const term = params.search.trim();
        and.push({
          $or: ['email', 'firstName', 'lastName', 'partnerName'].map((field) => ({ [field]: { $containsi: term } })),
        });
      }
      if (params.organization) {
        and.push({ organization: { $or: [{ documentId: params.organization }, { slug: params.organization }] } });
      }
      const [field, direction] = params.sort.split(':') as [string, 'asc' | 'desc'];
      return (await invitations().findPage({
        where: { $and: and },
        orderBy: [{ [field]: direction }, { id: direction }],
        page: params.page,
        pageSize: params.pageSize,
        populate: INVITATION_POPULATE,
      })) as Page<InvitationRow>;
    },

    /**
     * Unexpired pending invitations of an organization: what its pending limit counts. The latest
     * committed count, on every database (see countLinkedLatest): admission takes it under a lock.
     */
    async countPending(organizationId: number): Promise<number> {
      return countLinkedLatest(strapi, UID.invitation, 'organization', organizationId, {
        status: 'pending',
        expiresAt: ['>', new Date()],
      });
    },

    /**
     * Which of `keys` an unexpired pending invitation holds. A plain probe of the pending key's unique
     * index (overdue holders are filtered here, not in SQL); through knex so that PostgreSQL gets the
     * keys as one array.
     */
    async takenPendingKeys(keys: readonly string[]): Promise<Set<string>> {
      const now = new Date();
      const inv = tableOf(strapi, UID.invitation);
      const taken = new Set<string>();
      for (const part of chunk(keys)) {
        const rows = (await whereInList(
          strapi,
          strapi.db
            .getConnection(inv.name)
            .select({ pendingKey: inv.column('pendingKey'), expiresAt: inv.column('expiresAt') }),
          inv.column('pendingKey'),
          part
        )) as { pendingKey: string; expiresAt: string | number | Date }[];
        rows.forEach((row) => new Date(row.expiresAt) > now && taken.add(row.pendingKey));
      }
      return taken;
    },

    /**
     * Inserts pending, queued invitations set-based; a draft whose pending key is taken is skipped
     * (see insert.ts). `beforeInsert` runs first and `inTransaction` last in the insert's transaction:
     * the pending limits' check, and the audit events.
     */
    insert(drafts: readonly InvitationDraft[], options: InsertOptions): Promise<Map<string, InsertedInvitation>> {
      return insertInvitations(strapi, getService('token', strapi), drafts, options);
    },

    /**
     * Moves unexpired pending invitations to a final status, releasing their pending keys. The
     * conditional UPDATE is what makes accept, decline and revoke atomic: of concurrent calls on one
     * invitation exactly one changes it. Answers how many rows changed.
     */
    async finalize(
      ids: readonly number[],
      status: Exclude<InvitationStatus, 'pending' | 'expired'>,
      data: Record<string, unknown> = {}
    ): Promise<number> {
      const now = new Date();
      const { count } = await invitations().updateMany({
        where: { id: { $in: [...ids] }, ...unexpired(now) },
        data: { ...data, status, respondedAt: now, pendingKey: null },
      });
      return count;
    },

    async setAcceptedBy(id: number, userId: number, organizationId: number | null): Promise<void> {
      await invitations().update({
        where: { id },
        data: { acceptedBy: userId, ...(organizationId ? { organization: organizationId } : {}) },
      });
    },

    /**
     * Marks overdue pending invitations in `scope` expired (releasing their keys) with one set-based,
     * conditional UPDATE, and runs `inTransaction` on them in the same transaction (their audit).
     * Safe when several instances run it at once: each row is returned to exactly one of them.
     */
    async expireOverdue(
      scope: ExpireScope,
      inTransaction: (expired: ExpiredInvitation[]) => Promise<void>
    ): Promise<ExpiredInvitation[]> {
      const inv = tableOf(strapi, UID.invitation);
      const c = inv.column;
      const [column, values] =
        scope === 'all'
          ? [null, [undefined]]
          : 'pendingKeys' in scope
            ? [c('pendingKey'), chunk(scope.pendingKeys)]
            : 'ids' in scope
              ? ['id', chunk(scope.ids)]
              : [c('documentId'), chunk(scope.documentIds)];
      const expired: ExpiredInvitation[] = [];
      for (const part of values as (readonly (string | number)[] | undefined)[]) {
        const expiredNow = await withKnex(strapi, async (table) => {
          const now = new Date();
          const rows = await updateReturning<{
            id: number;
            documentId: string;
            email: string;
            expiresAt: string | number | Date;
          }>(
            strapi,
            table,
            inv.name,
            (builder) => {
              builder.where(c('status'), 'pending').where(c('expiresAt'), '<=', now);
              return column && part ? builder.whereIn(column, [...part]) : builder;
            },
            { [c('status')]: 'expired', [c('pendingKey')]: null, [c('updatedAt')]: now },
            { documentId: c('documentId'), email: c('email'), expiresAt: c('expiresAt') }
          );
          if (rows.length === 0) return [];
          const organizations = await organizationsOf(
            table,
            rows.map((row) => row.id)
          );
          const found: ExpiredInvitation[] = rows.map((row) => {
            const organization = organizations.get(row.id);
            return {
              id: row.id,
              documentId: row.documentId,
              email: row.email,
              expiresAt: new Date(row.expiresAt).toISOString(),
              organization: organization ? { documentId: organization } : null,
            };
          });
          await inTransaction(found);
          return found;
        });
        expired.push(...expiredNow);
      }
      return expired;
    },

    /** Puts a pending invitation back in the mail queue, due now (resend). */
    async queueDelivery(id: number): Promise<void> {
      await invitations().update({
        where: { id },
        data: { deliveryStatus: 'queued', deliveryAttempts: 0, nextAttemptAt: new Date(), deliveryLockedUntil: null },
      });
    },

    /**
     * Claims up to `limit` due mails for this instance with a lease: another instance cannot claim
     * them until `leaseMs` has passed. Only unexpired pending invitations are due: an overdue one is
     * never mailed, whether or not the expiry task has marked it yet.
     */
    async claimDue(limit: number, leaseMs: number): Promise<number[]> {
      const now = new Date();
      const free = { $or: [{ deliveryLockedUntil: null }, { deliveryLockedUntil: { $lt: now } }] };
      const due = (await invitations().findMany({
        select: ['id'],
        where: { ...unexpired(now), deliveryStatus: 'queued', nextAttemptAt: { $lte: now }, ...free },
        orderBy: { nextAttemptAt: 'asc' },
        limit,
      })) as { id: number }[];
      if (due.length === 0) return [];
      // One conditional UPDATE for the lot: a row another instance claimed meanwhile no longer
      // matches, so each row is claimed by exactly one instance.
      const inv = tableOf(strapi, UID.invitation);
      const c = inv.column;
      const claimed = await withKnex(strapi, (table) =>
        updateReturning(
          strapi,
          table,
          inv.name,
          (builder) =>
            builder
              .whereIn(
                'id',
                due.map((row) => row.id)
              )
              .where(c('deliveryStatus'), 'queued')
              .where((lock) => lock.whereNull(c('deliveryLockedUntil')).orWhere(c('deliveryLockedUntil'), '<', now)),
          { [c('deliveryLockedUntil')]: new Date(now.getTime() + leaseMs) }
        )
      );
      return claimed.map((row) => row.id);
    },

    /** Gives claimed mails back unsent (their invitations are no longer pending). */
    async releaseClaims(ids: readonly number[]): Promise<void> {
      if (ids.length === 0) return;
      await invitations().updateMany({ where: { id: { $in: [...ids] } }, data: { deliveryLockedUntil: null } });
    },

    /** Records delivered mails (one attempt more each) and releases their claims, in one UPDATE. */
    async recordSent(ids: readonly number[]): Promise<void> {
      if (ids.length === 0) return;
      const inv = tableOf(strapi, UID.invitation);
      const c = inv.column;
      const now = new Date();
      await withKnex(strapi, async (table) => {
        for (const part of chunk(ids)) {
          await table(inv.name)
            .whereIn('id', part)
            .update({
              [c('deliveryStatus')]: 'sent',
              [c('deliveryAttempts')]: strapi.db.connection.raw('?? + 1', [c('deliveryAttempts')]),
              [c('deliveryLastError')]: null,
              [c('lastSentAt')]: now,
              [c('nextAttemptAt')]: null,
              [c('deliveryLockedUntil')]: null,
              [c('updatedAt')]: now,
            });
        }
      });
    },

    /** Records a failed attempt and releases the claim: retried at `retryAt`, or failed for good. */
    async recordFailure(id: number, failure: { attempt: number; error: string; retryAt: Date | null }): Promise<void> {
      await invitations().update({
        where: { id },
        data: {
          deliveryStatus: failure.retryAt ? 'queued' : 'failed',
          deliveryAttempts: failure.attempt,
          deliveryLastError: failure.error.slice(0, 2000),
          nextAttemptAt: failure.retryAt,
          deliveryLockedUntil: null,
        },
      });
    },
  };
};

export default invitationStore;
export type InvitationStore = ReturnType<typeof invitationStore>;
