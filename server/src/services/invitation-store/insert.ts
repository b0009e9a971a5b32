import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { UID } from '../../utils/constants';
import { chunk, insertLinks, insertValues, supportsReturning, tableOf, withKnex } from '../../utils/db';
import { documentIds } from '../../utils/ids';
import type { TokenService } from '../token';
import type { InsertOptions, InsertedInvitation, InvitationDraft } from './types';

type LinkedRelation = 'invitedBy' | 'invitedByUser' | 'organization' | 'teams' | 'reissuedFrom';

/**
 * Inserts pending, queued invitations set-based in one transaction and returns the inserted ones by
 * pending key. A draft whose pending key is taken is skipped (ON CONFLICT DO NOTHING): that makes a
 * re-run of the same batch, or a concurrent invite of the same address, create nothing twice.
 *
 * Through raw statements rather than the query engine because this is the import's hot path: the
 * query engine creates one row (and its relation rows) per call, ~170 rows/s; this inserts each
 * table's rows with one statement per batch (see `insertValues`). `inTransaction` runs in the same
 * transaction after the rows exist, for the audit events that must commit or roll back with them.
 */
export const insertInvitations = async (
  strapi: Core.Strapi,
  tokens: TokenService,
  drafts: readonly InvitationDraft[],
  options: InsertOptions
): Promise<Map<string, InsertedInvitation>> => {
  if (drafts.length === 0) return new Map();
  if (options.beforeInsert) {
    const { beforeInsert, ...rest } = options;
    // One transaction for the check and the insert: what the check locked stays locked until commit.
    return withKnex(strapi, async () => insertInvitations(strapi, tokens, await beforeInsert(drafts), rest));
  }
  const inv = tableOf(strapi, UID.invitation);
  const c = inv.column;
  const now = new Date();
  const ids = documentIds(drafts.length);
  // One random buffer for all nonces: a `randomBytes` call per row is measurably slower at 100k rows.
  const nonces = randomBytes(drafts.length * 32);
  const columns = [
    'documentId',
    'email',
    'role',
    'firstName',
    'lastName',
    'partnerName',
    'customFields',
    'status',
    'expiresAt',
    'source',
    'deliveryStatus',
    'deliveryAttempts',
    'nextAttemptAt',
    'tokenNonce',
    'tokenHash',
    'pendingKey',
    'scopeOrganization',
    'createdAt',
    'updatedAt',
    'publishedAt',
  ].map(c);
  const tokenOf = tokens.issuer();
  // Value lists in `columns` order rather than row objects: no per-row objects and key lookups to build.
  const rows = drafts.map((draft, i) => {
    const nonce = nonces.subarray(i * 32, i * 32 + 32).toString('base64url');
    return [
      ids[i],
      draft.email,
      draft.role,
      draft.firstName,
      draft.lastName,
      draft.partnerName,
      // JSON columns are text on SQLite and jsonb on PostgreSQL: both take the serialized value.
      draft.customFields == null ? null : JSON.stringify(draft.customFields),
      'pending',
      draft.expiresAt,
      options.source,
      'queued',
      0,
      now,
      nonce,
      tokens.hash(tokenOf(nonce)),
      draft.pendingKey,
      // The organization's id beside its link: what the organization's own list filters and sorts on.
      draft.organization?.id ?? null,
      now,
      now,
      now,
    ];
  });

  return withKnex(strapi, async (table, trx) => {
    const identify = ['id', c('documentId'), c('pendingKey')];
    let inserted = (await insertValues(strapi, trx, inv.name, columns, rows, {
      skipConflictsOn: c('pendingKey'),
      returning: supportsReturning(strapi) ? identify : [],
    })) as Record<string, string | number>[];
    if (!supportsReturning(strapi)) {
      // MySQL/MariaDB have no RETURNING. The document ids are ours, so the inserted rows are found by
      // them: a row skipped on a conflict was never written under its id.
      inserted = [];
      for (const part of chunk(ids)) {
        inserted.push(
          ...((await table(inv.name).select(identify).whereIn(c('documentId'), part)) as Record<
            string,
            string | number
          >[])
        );
      }
    }
    const created = new Map<string, InsertedInvitation>(
      inserted.map((row) => [
        String(row[c('pendingKey')]),
        { id: Number(row.id), documentId: String(row[c('documentId')]) },
      ])
    );

    // Relation rows, set-based: the invitations' new ids came back from RETURNING, so each relation
    // is one multi-row insert of (invitation, target) pairs.
    const links: Record<LinkedRelation, [number, number][]> = {
      invitedBy: [],
      invitedByUser: [],
      organization: [],
      teams: [],
      reissuedFrom: [],
    };
    for (const draft of drafts) {
      const invitation = created.get(draft.pendingKey);
      if (!invitation) continue;
      if (options.actor.type === 'admin') links.invitedBy.push([invitation.id, options.actor.id]);
      if (options.actor.type === 'user') links.invitedByUser.push([invitation.id, options.actor.id]);
      if (draft.organization) links.organization.push([invitation.id, draft.organization.id]);
      draft.teams.forEach((team) => links.teams.push([invitation.id, team.id]));
      if (draft.reissuedFrom) links.reissuedFrom.push([invitation.id, draft.reissuedFrom.id]);
    }
    for (const relation of Object.keys(links) as LinkedRelation[]) {
      await insertLinks(strapi, trx, UID.invitation, relation, links[relation]);
    }
    await options.inTransaction?.(created);
    return created;
  });
};
