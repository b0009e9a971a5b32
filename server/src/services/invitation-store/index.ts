import { LIST_COUNT_LIMIT, type Page } from '../../../../shared/contracts';
import { UID } from '../../utils/constants';
import type { Knex } from 'knex';
import {
  chunk,
  countLinkedLatest,
  fillColumnFromLink,
  type LinkFill,
  insertLinks,
  query,
  joinToOne,
  joinedRowShaper,
  groupRelated,
  relatedOwnerColumn,
  relatedSelect,
  readRelated,
  relatedValue,
  readWithKnex,
  selectAttributes,
  tableOf,
  updateReturning,
  whereInList,
  withKnex,
} from '../../utils/db';
import { getService } from '../../utils/get-service';
import { giveWay } from '../../utils/give-way';
import { preparedRead } from '../../utils/prepared-read';
import type { StrapiContext } from '../../utils/types';
import { ORGANIZATION_RULE_FIELDS, type TeamRow } from '../organization/types';
import { ensureSearchIndex, whereSearchMatches } from './search-index';
import { insertInvitations } from './insert';
import type {
  ExpireScope,
  ExpiredInvitation,
  InsertOptions,
  InsertedInvitation,
  InvitationDraft,
  InvitationListScope,
  InvitationPreviewRow,
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
type InvitationRelation = keyof typeof INVITATION_POPULATE;
const RELATIONS = Object.keys(INVITATION_POPULATE) as InvitationRelation[];

/**
 * How many invitations one expiry transaction expires at most (see `expireOverdue`): a list of keys
 * or ids is cut into chunks of this many, and so are all overdue ones on SQLite. Measured on SQLite
 * with 50,000 overdue: in one transaction the server answered nothing for its whole run (1.5-2.1 s);
 * chunks of 2,000 held it at most 0.14-0.19 s but took a third longer in all (a commit and an audit
 * batch each); chunks of 5,000 held it 0.35 s.
 */
const EXPIRE_CHUNK = 5000;
/** `expireOverdue`'s chunk "the next EXPIRE_CHUNK overdue invitations", asked for until none is left. */
const NEXT_OVERDUE = Symbol('next overdue invitations');
/** `value`, again and again (the caller stops). */
function* repeatedly<T>(value: T): Generator<T> {
  for (;;) yield value;
}

/**
 * What a preview reads (`InvitationPreviewRow`): who invited, to which organization, and of the
 * invitation only what it shows or checks; a third of the columns of a full read, and no JSON to parse.
 */
const PREVIEW_ATTRIBUTES = [
  'id',
  'documentId',
  'email',
  'role',
  'status',
  'expiresAt',
  'firstName',
  'lastName',
  'partnerName',
  'tokenNonce',
] as const;
const PREVIEW_JOINS = {
  organization: ['documentId', 'name', 'slug'],
  invitedBy: INVITATION_POPULATE.invitedBy.select,
  invitedByUser: INVITATION_POPULATE.invitedByUser.select,
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

  /** `inv.<column>` of an attribute, for the reads below (the invitations table aliased `inv`). */
  const col = (attribute: string): string => `inv.${tableOf(strapi, UID.invitation).column(attribute)}`;

  /**
   * The invitations table (aliased `inv`), its `attributes` (all by default), with relations to one
   * left-joined in: `joins` names each with the attributes it selects.
   */
  const selectWith = (
    table: (name: string) => Knex.QueryBuilder,
    joins: Readonly<Partial<Record<InvitationRelation, readonly string[]>>>,
    attributes?: readonly string[]
  ): Knex.QueryBuilder => {
    const inv = tableOf(strapi, UID.invitation);
    let builder = table(`${inv.name} as inv`).select(selectAttributes(strapi, UID.invitation, 'inv', attributes));
    for (const [relation, selected] of Object.entries(joins)) {
      builder = joinToOne(strapi, builder, UID.invitation, 'inv', relation, selected);
    }
    return builder;
  };
  /** The relations to one among `relations`, each with what `INVITATION_POPULATE` selects of it. */
  const joinsOf = (relations: readonly InvitationRelation[]) =>
    Object.fromEntries(
      relations
        .filter((relation) => relation !== 'teams')
        .map((relation) => [relation, INVITATION_POPULATE[relation].select])
    ) as Partial<Record<InvitationRelation, readonly string[]>>;

  // The rows of the full reads, shaped by one plan per set of relations (a handful), made at its first read.
  const shapers = new Map<string, (raw: Record<string, unknown>) => InvitationRow>();
  const shaperOf = (relations: readonly InvitationRelation[]) => {
    const key = relations.join(',');
    let shaper = shapers.get(key);
    if (!shaper) {
      shaper = joinedRowShaper<InvitationRow>(strapi, UID.invitation, joinsOf(relations));
      shapers.set(key, shaper);
    }
    return shaper;
  };
  let previewShaper: ((raw: Record<string, unknown>) => InvitationPreviewRow) | null = null;

  /** Rows as `selectWith` answers them, shaped, and with their teams when `relations` asks for them. */
  const shapeRows = async (
    table: (name: string) => Knex.QueryBuilder,
    raws: Record<string, unknown>[],
    relations: readonly InvitationRelation[]
  ): Promise<InvitationRow[]> => {
    const rows = raws.map(shaperOf(relations));
    if (rows.length > 0 && relations.includes('teams')) {
      const teams = await readRelated<TeamRow>(
        strapi,
        table,
        UID.invitation,
        'teams',
        rows.map((row) => row.id),
        INVITATION_POPULATE.teams.select
      );
      rows.forEach((row) => (row.teams = teams.get(row.id) ?? []));
    }
    return rows;
  };

  /**
   * Invitations with `relations` (all of `INVITATION_POPULATE` by default) in one select of the rows
   * `scope` picks, the relations to one left-joined in, and one more read for the teams when they are
   * asked for. Through knex: the query engine's populate took 20-30 ms for a page of 20 at 100,000 rows
   * (one query per relation, and its entity layer), and every query costs a compile and a prepare.
   */
  const readRows = (
    scope: (builder: Knex.QueryBuilder) => Knex.QueryBuilder,
    relations: readonly InvitationRelation[] = RELATIONS
  ): Promise<InvitationRow[]> =>
    readWithKnex(strapi, async (table) =>
      shapeRows(table, (await scope(selectWith(table, joinsOf(relations)))) as Record<string, unknown>[], relations)
    );

  /**
   * The reads of an invitation by its token hash, which every preview, accept and decline starts with:
   * compiled once and prepared (see utils/prepared-read).
   */
  const byTokenHash = {
    full: preparedRead(strapi, 'token-full', (table, argument) =>
      selectWith(table, joinsOf(RELATIONS)).where(col('tokenHash'), argument(0))
    ),
    preview: preparedRead(strapi, 'token-preview', (table, argument) =>
      selectWith(table, PREVIEW_JOINS, PREVIEW_ATTRIBUTES).where(col('tokenHash'), argument(0))
    ),
    /** The teams of the invitation the full read found. */
    teams: preparedRead(strapi, 'invitation-teams', (table, argument) =>
      relatedSelect(strapi, table, UID.invitation, 'teams', INVITATION_POPULATE.teams.select).where(
        relatedOwnerColumn(strapi, UID.invitation, 'teams'),
        argument(0)
      )
    ),
  };

  return {
    /**
     * PostgreSQL: refreshes the planner's statistics of the invitations table and its link tables,
     * after a bulk insert. Until autovacuum gets to them (a minute or so), a list page planned without
     * statistics for the link tables an import filled hash-joined them whole: 14 ms of a 28 ms page at
     * 100,000 rows, against 3 ms after ANALYZE. Elsewhere nothing to do.
     *
     * Of the invitations table, only the columns of its non-unique indexes: the planner chooses
     * between those indexes on these columns' statistics, while a unique column (token hash, nonce,
     * pending key) is one row by its index whatever they say. The whole table took 265-304 ms at
     * 111,000 rows, these 138-145 ms, inside the import's request. The relations' target tables
     * (organizations, teams, accounts) are left alone: an import does not change them.
     */
    async refreshStatistics(): Promise<void> {
      if (strapi.db.dialect.client !== 'postgres') return;
      const meta = strapi.db.metadata.get(UID.invitation);
      const planned = new Set(['id']);
      for (const index of meta.indexes) {
        if (index.type !== 'unique') index.columns.forEach((column) => planned.add(column));
      }
      const links = Object.values(meta.attributes).flatMap((attribute) => {
        const { joinTable } = attribute as { joinTable?: { name: string } };
        return joinTable ? [joinTable.name] : [];
      });
      const schema = strapi.db.getSchemaName();
      const qualified = (name: string) => (schema ? `${schema}.${name}` : name);
      await strapi.db.connection.raw(`analyze ?? (${[...planned].map(() => '??').join(', ')})`, [
        qualified(meta.tableName),
        ...planned,
      ]);
      for (const name of links) await strapi.db.connection.raw('analyze ??', [qualified(name)]);
    },

    /** At start: builds the admin list's search index, or completes it (see search-index.ts). */
    async ensureSearchIndex(): Promise<void> {
      await ensureSearchIndex(strapi);
    },

    async findByDocumentId(documentId: string): Promise<InvitationRow | null> {
      const [row] = await readRows((builder) => builder.where(col('documentId'), documentId).limit(1));
      return row ?? null;
    },

    async findById(id: number): Promise<InvitationRow | null> {
      const [row] = await readRows((builder) => builder.where('inv.id', id));
      return row ?? null;
    },

    /** The invitation a link's token hash names, with all its relations. */
    async findByTokenHash(tokenHash: string): Promise<InvitationRow | null> {
      const [raw] = await byTokenHash.full.rows(tokenHash);
      if (!raw) return null;
      const row = shaperOf(RELATIONS)(raw);
      const teams = groupRelated<TeamRow>(strapi, UID.invitation, 'teams', await byTokenHash.teams.rows(row.id));
      row.teams = teams.get(row.id) ?? [];
      return row;
    },

    /** What a preview reads of the invitation a link's token hash names (`InvitationPreviewRow`). */
    async findPreviewByTokenHash(tokenHash: string): Promise<InvitationPreviewRow | null> {
      const [raw] = await byTokenHash.preview.rows(tokenHash);
      previewShaper ??= joinedRowShaper<InvitationPreviewRow>(
        strapi,
        UID.invitation,
        PREVIEW_JOINS,
        PREVIEW_ATTRIBUTES
      );
      return raw ? previewShaper(raw) : null;
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
      return readRows((builder) =>
        builder
          .where(col('email'), email)
          .where(col('status'), 'pending')
          .where(col('expiresAt'), '>', new Date())
          .orderBy([col('expiresAt'), 'inv.id'])
      );
    },

    async findManyByIds(ids: readonly number[]): Promise<InvitationRow[]> {
      const rows: InvitationRow[] = [];
      for (const part of chunk(ids)) rows.push(...(await readRows((builder) => builder.whereIn('inv.id', part))));
      return rows;
    },

    async findManyByDocumentIds(documentIds: readonly string[]): Promise<InvitationRow[]> {
      const rows: InvitationRow[] = [];
      for (const part of chunk(documentIds)) {
        rows.push(...(await readRows((builder) => builder.whereIn(col('documentId'), part))));
      }
      return rows;
    },

    /**
     * Whether some pending invitation is overdue as of `now` (a probe of the status/expiry index).
     * When none is, "pending" and "expired" are plain status filters that the list's indexes serve.
     */
    async hasOverdue(now: Date = new Date()): Promise<boolean> {
      const inv = tableOf(strapi, UID.invitation);
      const found = await readWithKnex(strapi, (table) =>
        table(inv.name)
          .select('id')
          .where(inv.column('status'), 'pending')
          .where(inv.column('expiresAt'), '<=', now)
          // In the index's order, so that the probe reads the index: PostgreSQL, whose statistics
          // put half the pending rows in the past right after an expiry, otherwise chose to scan the
          // table for the first match, and found none in 51 ms (100,000 rows), on every list.
          .orderBy([inv.column('status'), inv.column('expiresAt')])
          .first()
      );
      return Boolean(found);
    },

    /**
     * A page of invitations and the count of all that match, newest first by default. Overdue rows
     * read as expired: when nothing is overdue (the caller says it has expired them first with
     * `settled`, see the invitation service's list, or the probe finds none) the status filters are
     * plain equalities served by the (status, created_at, id) index; else they take the expiry into
     * account, correct but slower.
     */
    async list(
      params: InvitationListScope,
      now: Date = new Date(),
      options: { settled?: boolean } = {}
    ): Promise<Page<InvitationRow>> {
      const inv = tableOf(strapi, UID.invitation);
      const byExpiry = params.status === 'pending' || params.status === 'expired';
      const settled = !byExpiry || options.settled || !(await this.hasOverdue(now));
      const filter = (builder: Knex.QueryBuilder): Knex.QueryBuilder => {
        if (params.status === 'pending') {
          builder.where(col('status'), 'pending');
          if (!settled) builder.where(col('expiresAt'), '>', now);
        } else if (params.status === 'expired') {
          if (settled) builder.where(col('status'), 'expired');
          else {
            builder.where((either) =>
              either
                .where(col('status'), 'expired')
                .orWhere((overdue) => overdue.where(col('status'), 'pending').where(col('expiresAt'), '<=', now))
            );
          }
        } else if (params.status) builder.where(col('status'), params.status);
        if (params.search) whereSearchMatches(strapi, builder, params.search.trim());
        // The organization's id kept on the row, not its link: the (scope_organization, status,
        // created_at, id) index then reads an organization's page directly, where through the link
        // the page walked every organization's invitations (page 50 of one of 10,000 among 110,000:
        // 19 ms on SQLite, 57 ms on PostgreSQL).
        if (params.organizationId !== undefined) builder.where(col('scopeOrganization'), params.organizationId);
        return builder;
      };
      const [field, direction] = params.sort.split(':') as [string, 'asc' | 'desc'];
      const matching = (table: (name: string) => Knex.QueryBuilder) =>
        filter(table(`${inv.name} as inv`).select('inv.id'));
      const inOrder = (builder: Knex.QueryBuilder) =>
        builder.orderBy([
          { column: col(field), order: direction },
          { column: 'inv.id', order: direction },
        ]);
      const idsOf = (rows: { id: number | string }[]) => rows.map((row) => Number(row.id));
      const offset = (params.page - 1) * params.pageSize;
      // The count stops one past the limit (or past the page asked for, so that "next" is known): an
      // exact count read every match, the page only its own rows (see LIST_COUNT_LIMIT).
      const countLimit = Math.max(LIST_COUNT_LIMIT, params.page * params.pageSize);
      let matched: number;
      let pageIds: number[];
      if (params.search) {
        // A search's matches come out of the trigram index, which a count and a page would each look
        // up: one read takes the matching ids in order, as far as the count goes, and the page is a
        // slice of them.
        const ids = idsOf(
          (await readWithKnex(strapi, (table) => inOrder(matching(table)).limit(countLimit + 1))) as {
            id: number | string;
          }[]
        );
        matched = ids.length;
        pageIds = ids.slice(offset, offset + params.pageSize);
      } else {
        const [counted] = (await readWithKnex(strapi, (table) =>
          // (`table` also sets the schema; `from` then puts the subquery in the table's place.)
          table(inv.name)
            .from(
              matching(table)
                .limit(countLimit + 1)
                .as('matching')
            )
            .count({ total: '*' })
        )) as { total: number | string }[];
        matched = Number(counted?.total ?? 0);
        // The page's ids first, then their rows with the relations joined in: with the joins ahead of
        // the LIMIT, PostgreSQL hash-joined every link table in full (page 50 of 100,000: 88 ms, against
        // 7 ms for the bare page), where this reads the page off the (status, created_at, id) index.
        pageIds =
          matched === 0
            ? []
            : idsOf(
                (await readWithKnex(strapi, (table) =>
                  inOrder(matching(table)).limit(params.pageSize).offset(offset)
                )) as { id: number | string }[]
              );
      }
      const totalCapped = matched > countLimit;
      const total = Math.min(matched, countLimit);
      const rowsById = new Map(
        (pageIds.length ? await readRows((builder) => builder.whereIn('inv.id', pageIds)) : []).map((row) => [
          row.id,
          row,
        ])
      );
      // (A row deleted between the two reads is left out.)
      const results = pageIds.flatMap((id) => rowsById.get(id) ?? []);
      return {
        results,
        pagination: {
          page: params.page,
          pageSize: params.pageSize,
          // (Counted one past the limit when capped: the page after the last counted one is known.)
          pageCount: Math.ceil(matched / params.pageSize),
          total,
          ...(totalCapped && { totalCapped }),
        },
      };
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
        data: { ...data, status, respondedAt: now, pendingKey: null, updatedAt: now },
      });
      return count;
    },

    async setAcceptedBy(id: number, userId: number, organizationId: number | null): Promise<void> {
      // Link rows written directly: the query engine's update took seven statements to set one
      // relation (read, update, unlink, link, re-read, read back). Nothing is there to replace: the
      // caller's transaction has just claimed the invitation from pending, and only this writes its
      // `acceptedBy`; an organization is set here only for a partner invitation, which had none.
      await withKnex(strapi, async (table, trx) => {
        await insertLinks(strapi, trx, UID.invitation, 'acceptedBy', [[id, userId]]);
        if (organizationId) {
          await insertLinks(strapi, trx, UID.invitation, 'organization', [[id, organizationId]]);
          const inv = tableOf(strapi, UID.invitation);
          await table(inv.name)
            .where('id', id)
            .update({ [inv.column('scopeOrganization')]: organizationId });
        }
      });
    },

    /**
     * Fills `scopeOrganization` of invitations linked to an organization after link `afterLinkId` but
     * written without it (see fillColumnFromLink and the organization-scope service).
     */
    async backfillOrganizationScope(afterLinkId = 0): Promise<LinkFill> {
      return fillColumnFromLink(strapi, UID.invitation, 'scopeOrganization', 'organization', afterLinkId);
    },

    /**
     * Marks overdue pending invitations in `scope` expired (releasing their keys), a chunk at a time
     * with one set-based, conditional UPDATE each; runs `inTransaction` on a chunk's rows in its
     * transaction (their audit) and `afterCommit` once it is committed (their webhooks). Answers how
     * many it expired. Safe when several instances run it at once: each row is expired by exactly one.
     */
    async expireOverdue(
      scope: ExpireScope,
      inTransaction: (expired: ExpiredInvitation[]) => Promise<void>,
      afterCommit: (expired: ExpiredInvitation[]) => void = () => undefined
    ): Promise<number> {
      const inv = tableOf(strapi, UID.invitation);
      const c = inv.column;
      // One instant for the whole run: a chunk's rows are chosen and expired as overdue at `now`.
      const now = new Date();
      // On SQLite, chunks of at most EXPIRE_CHUNK invitations, each in its own transaction with its
      // audit events, and other requests get their turn between them: a transaction there runs
      // without yielding, and expiring 50,000 at once (an import's invitations all expire at the same
      // moment) held the whole server for 1.5-2.1 s. PostgreSQL and MySQL answer over sockets, so
      // the server serves others while they work; there one UPDATE of all overdue rows is fastest
      // (PostgreSQL: 1.4x the bare UPDATE as one statement, 1.7x in chunks of 5,000, runs hours apart).
      // A chunk is the ids (or keys) it covers; NEXT_OVERDUE, the first EXPIRE_CHUNK overdue ones in
      // the (status, expires_at) index's order, until a chunk finds none; null, every overdue one.
      type Chunk = readonly (string | number)[] | typeof NEXT_OVERDUE | null;
      const sqlite = strapi.db.dialect.client === 'sqlite';
      let column = 'id';
      let chunks: Iterable<Chunk>;
      if (scope === 'all') chunks = sqlite ? repeatedly(NEXT_OVERDUE) : [null];
      else if ('pendingKeys' in scope) [column, chunks] = [c('pendingKey'), chunk(scope.pendingKeys, EXPIRE_CHUNK)];
      else if ('ids' in scope) chunks = chunk(scope.ids, EXPIRE_CHUNK);
      else [column, chunks] = [c('documentId'), chunk(scope.documentIds, EXPIRE_CHUNK)];
      let expired = 0;
      for (const part of chunks) {
        const expiredNow = await withKnex(strapi, async (table) => {
          const rows = await updateReturning<{
            id: number;
            documentId: string;
            email: string;
            expiresAt: string | number | Date;
            organization: string | null;
          }>(
            strapi,
            table,
            inv.name,
            // Still pending and overdue, checked again in the UPDATE: of instances expiring the same
            // rows at once, each row is expired (and audited) by exactly one.
            (builder) => {
              const overdue = (query: Knex.QueryBuilder) =>
                query.where(c('status'), 'pending').where(c('expiresAt'), '<=', now);
              overdue(builder);
              if (part === NEXT_OVERDUE) {
                // SQLite only (MySQL takes no LIMIT in an IN subquery): one statement picks the chunk.
                return builder.whereIn(
                  'id',
                  overdue(table(inv.name).select('id'))
                    .orderBy([c('status'), c('expiresAt')])
                    .limit(EXPIRE_CHUNK)
                );
              }
              return part ? builder.whereIn(column, [...part]) : builder;
            },
            { [c('status')]: 'expired', [c('pendingKey')]: null, [c('updatedAt')]: now },
            {
              documentId: c('documentId'),
              email: c('email'),
              expiresAt: c('expiresAt'),
              // In the same statement: reading 50,000 rows' organizations after it took ten more queries.
              organization: relatedValue(strapi, table, UID.invitation, inv.name, 'organization', 'documentId'),
            }
          );
          if (rows.length === 0) return [];
          const found: ExpiredInvitation[] = rows.map((row) => ({
            id: row.id,
            documentId: row.documentId,
            email: row.email,
            expiresAt: new Date(row.expiresAt).toISOString(),
            organization: row.organization ? { documentId: row.organization } : null,
          }));
          await inTransaction(found);
          return found;
        });
        expired += expiredNow.length;
        if (expiredNow.length > 0) afterCommit(expiredNow);
        // The chunk expired every row it picked (same conditions, one writer): none left when empty.
        if (part === NEXT_OVERDUE && expiredNow.length === 0) break;
        if (sqlite) await giveWay();
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
