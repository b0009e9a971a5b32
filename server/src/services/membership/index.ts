import type { MemberDto, MembershipStatus, MembershipView, Page } from '../../../../shared/contracts';
import { UID } from '../../utils/constants';
import type { Knex } from 'knex';
import {
  chunk,
  countLinkedLatest,
  fillColumnFromLink,
  type LinkFill,
  insertLinks,
  insertRow,
  linkTableOf,
  query,
  readRelated,
  readWithKnex,
  selectAttributes,
  shapeRow,
  tableOf,
  whereContainsAny,
  whereInList,
  withKnex,
} from '../../utils/db';
import { documentIds } from '../../utils/ids';
import { InvitationError, badRequest } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import type { Actor, StrapiContext } from '../../utils/types';
import type { OrganizationRow, TeamRow } from '../organization/types';
import { capabilitiesOf } from '../organization-access/rules';

/**
 * A check that runs first in a membership change's transaction, with the row as it was (the portal's
 * "never below one manager" rule, which locks the organization there).
 */
export type BeforeChange = (row: { id: number; role: string; status: MembershipStatus }) => Promise<void>;

/** A membership row as `readMembers` answers it: its own columns, its relations to one, its teams. */
type MembershipRow = Omit<MemberDto, 'teams' | 'invitation'> & {
  id: number;
  teams: TeamRow[];
  invitation: { documentId: string } | null;
  joinLink: { documentId: string; label: string } | null;
  createdAt: string | Date | null;
  organization: { id: number; documentId: string; name: string; slug: string };
};

const iso = (value: string | Date | null) => (value ? new Date(value).toISOString() : null);

const toMemberDto = (row: MembershipRow): MemberDto => ({
  documentId: row.documentId,
  status: row.status,
  role: row.role,
  joinedAt: iso(row.joinedAt),
  requestedAt: iso(row.createdAt),
  decidedAt: iso(row.decidedAt),
  rejectReason: row.rejectReason ?? null,
  user: row.user ? { id: row.user.id, email: row.user.email, username: row.user.username } : null,
  teams: (row.teams ?? []).map((team) => ({ documentId: team.documentId, name: team.name })),
  invitation: row.invitation?.documentId ?? null,
  joinLink: row.joinLink ? { documentId: row.joinLink.documentId, label: row.joinLink.label } : null,
  application: row.application ?? null,
});

/**
 * One active (or pending-approval) membership per user and organization: `activeKey` holds
 * "<organization id>:<user id>" while the membership counts and null once it is removed, and its
 * unique index enforces the rule even when two invitations of one person are accepted at once.
 */
export const activeKeyOf = (organizationId: number, userId: number): string => `${organizationId}:${userId}`;

const membershipService = ({ strapi }: StrapiContext) => {
  const memberships = () => query(strapi, UID.membership);

  const membershipTable = () => tableOf(strapi, UID.membership);

  /**
   * Memberships with their relations, through knex: the rows, then each relation of those rows in one
   * read by their ids (`readRelated`), side by side; the query engine's populate made the same reads
   * through its entity layer. The relations are not joined into the rows' read: joined through link
   * tables PostgreSQL had no statistics for yet (filled within autovacuum's minute), the planner
   * estimated 84 million rows for a page of 20 and compiled the plan with its JIT: 312 ms of a 2 ms read.
   */
  const readMembers = (scope: (builder: Knex.QueryBuilder) => Knex.QueryBuilder): Promise<MembershipRow[]> =>
    readWithKnex(strapi, async (table) => {
      const raws = (await scope(
        table(`${membershipTable().name} as m`).select(selectAttributes(strapi, UID.membership, 'm'))
      )) as Record<string, unknown>[];
      const rows = raws.map((raw) => shapeRow<MembershipRow>(strapi, UID.membership, raw));
      if (rows.length === 0) return rows;
      const ids = rows.map((row) => row.id);
      const related = <Target>(relation: string, attributes: readonly string[]) =>
        readRelated<Target>(strapi, table, UID.membership, relation, ids, attributes);
      const [users, teams, invitations, joinLinks, organizations] = await Promise.all([
        related<NonNullable<MembershipRow['user']>>('user', ['id', 'email', 'username']),
        related<TeamRow>('teams', ['id', 'documentId', 'name']),
        related<NonNullable<MembershipRow['invitation']>>('invitation', ['documentId']),
        related<NonNullable<MembershipRow['joinLink']>>('joinLink', ['documentId', 'label']),
        related<MembershipRow['organization']>('organization', ['id', 'documentId', 'name', 'slug']),
      ]);
      const one = <Target>(found: Map<number, Target[]>, id: number): Target | null => found.get(id)?.[0] ?? null;
      return rows.map((row) => ({
        ...row,
        user: one(users, row.id),
        teams: teams.get(row.id) ?? [],
        invitation: one(invitations, row.id),
        joinLink: one(joinLinks, row.id),
        // (The plugin never deletes an organization: every membership it wrote has one.)
        organization: one(organizations, row.id) as MembershipRow['organization'],
      }));
    });

  const findInOrganization = async (organization: OrganizationRow, memberId: string): Promise<MembershipRow> => {
    const m = membershipTable();
    const [row] = await readMembers((builder) =>
      builder
        .where(`m.${m.column('documentId')}`, memberId)
        .where(`m.${m.column('scopeOrganization')}`, organization.id)
        .limit(1)
    );
    if (!row) {
      throw new InvitationError(
        404,
        'MEMBERSHIP_NOT_FOUND',
        `${organization.name} has no membership with the id "${memberId}".`
      );
    }
    return row;
  };

  const reload = async (id: number): Promise<MembershipRow> =>
    (await readMembers((builder) => builder.where('m.id', id)))[0];

  /**
   * Moves a membership from `from` to a new state with a conditional update (so two admins deciding
   * at once cannot both win) and audits it in the same transaction.
   */
  const transition = async (
    row: MembershipRow,
    from: MembershipStatus[],
    data: Record<string, unknown>,
    audit: {
      action: 'membership.approved' | 'membership.rejected' | 'membership.removed' | 'membership.left';
      actor: Actor;
      data?: Record<string, unknown>;
    },
    beforeChange?: BeforeChange
  ): Promise<MembershipRow> => {
    await strapi.db.transaction(async () => {
      await beforeChange?.(row);
      const { count } = await memberships().updateMany({ where: { id: row.id, status: { $in: from } }, data });
      if (count !== 1) {
        throw badRequest(
          'INVALID_TRANSITION',
          `The membership of ${row.user?.email ?? 'this user'} in ${row.organization.name} is ${row.status}; only ${from.join(' or ')} memberships can be ${audit.action.split('.')[1]}.`,
          { status: row.status }
        );
      }
      await getService('audit', strapi).record({
        action: audit.action,
        actor: audit.actor,
        organization: row.organization.documentId,
        invitation: row.invitation?.documentId,
        data: { membership: row.documentId, email: row.user?.email, role: row.role, ...audit.data },
      });
    });
    return reload(row.id);
  };

  return {
    /**
     * Which of `emails` already have access: a live membership of `organization`, or, for
     * portal-wide invitations (no organization), an account on the portal.
     */
    async emailsWithAccess(emails: readonly string[], organization: OrganizationRow | null): Promise<Set<string>> {
      const found = new Set<string>();
      for (const part of chunk(emails)) {
        if (organization) {
          const rows = (await memberships().findMany({
            where: {
              scopeOrganization: organization.id,
              status: { $in: ['active', 'pending'] },
              user: { email: { $in: part } },
            },
            populate: { user: { select: ['email'] } },
          })) as { user: { email: string } | null }[];
          rows.forEach((row) => row.user && found.add(row.user.email.toLowerCase()));
        } else {
          // Through knex, so that PostgreSQL gets the addresses as one array (see whereInList).
          const userTable = tableOf(strapi, UID.user);
          const users = (await whereInList(
            strapi,
            strapi.db.getConnection(userTable.name).select({ email: userTable.column('email') }),
            userTable.column('email'),
            part
          )) as { email: string }[];
          users.forEach((user) => found.add(user.email.toLowerCase()));
        }
      }
      return found;
    },

    async listForOrganization(
      organization: OrganizationRow,
      params: { status: MembershipStatus; search?: string; page: number; pageSize: number }
    ): Promise<Page<MemberDto>> {
      const m = membershipTable();
      const userLink = linkTableOf(strapi, UID.membership, 'user');
      const users = tableOf(strapi, UID.user);
      const matching = (table: (name: string) => Knex.QueryBuilder): Knex.QueryBuilder => {
        // The organization's id kept on the row, not its link: through the link, the count and the page
        // read every member of the organization with the status to sort them (2,100 members: 3 ms
        // each on PostgreSQL, growing with the organization).
        const builder = table(`${m.name} as m`)
          .where(`m.${m.column('scopeOrganization')}`, organization.id)
          .where(`m.${m.column('status')}`, params.status);
        if (!params.search) return builder;
        builder
          .join(`${userLink.name} as user_link`, `user_link.${userLink.joinColumn.name}`, 'm.id')
          .join(`${users.name} as u`, 'u.id', `user_link.${userLink.inverseJoinColumn.name}`);
        return whereContainsAny(
          strapi,
          builder,
          [`u.${users.column('email')}`, `u.${users.column('username')}`],
          params.search
        );
      };
      // The count and the page's ids first, off the index, then the page's rows with their relations.
      const { total, ids } = await readWithKnex(strapi, async (table) => {
        const [counted] = (await matching(table).count({ total: '*' })) as { total: number | string }[];
        const total = Number(counted?.total ?? 0);
        if (total === 0) return { total, ids: [] };
        const pageIds = (await matching(table)
          .select('m.id')
          .orderBy([
            { column: `m.${m.column('createdAt')}`, order: 'asc' },
            { column: 'm.id', order: 'asc' },
          ])
          .limit(params.pageSize)
          .offset((params.page - 1) * params.pageSize)) as { id: number | string }[];
        return { total, ids: pageIds.map((row) => Number(row.id)) };
      });
      const rowsById = new Map(
        (ids.length ? await readMembers((builder) => builder.whereIn('m.id', ids)) : []).map((row) => [row.id, row])
      );
      return {
        // In the page's order; a row removed between the two reads is left out.
        results: ids.flatMap((id) => {
          const row = rowsById.get(id);
          return row ? [toMemberDto(row)] : [];
        }),
        pagination: {
          page: params.page,
          pageSize: params.pageSize,
          pageCount: Math.ceil(total / params.pageSize),
          total,
        },
      };
    },

    /** Changes a live member's role and/or teams. */
    async update(
      organization: OrganizationRow,
      memberId: string,
      input: { role?: string; teams?: string[] },
      actor: Actor,
      beforeChange?: BeforeChange
    ): Promise<MemberDto> {
      const row = await findInOrganization(organization, memberId);
      if (!['active', 'pending'].includes(row.status)) {
        throw badRequest(
          'INVALID_TRANSITION',
          `The membership of ${row.user?.email} is ${row.status}: invite them again instead.`,
          { status: row.status }
        );
      }
      if (input.role !== undefined) await getService('settings', strapi).assertRole(input.role);
      const teams = input.teams ? getService('organization', strapi).findTeams(organization, input.teams) : undefined;
      await strapi.db.transaction(async () => {
        await beforeChange?.(row);
        await memberships().update({
          where: { id: row.id },
          data: {
            ...(input.role !== undefined ? { role: input.role } : {}),
            ...(teams ? { teams: teams.map((team) => team.id) } : {}),
          },
        });
        await getService('audit', strapi).record({
          action: 'membership.updated',
          actor,
          organization: organization.documentId,
          data: {
            membership: row.documentId,
            email: row.user?.email,
            ...(input.role !== undefined ? { role: { from: row.role, to: input.role } } : {}),
            ...(teams ? { teams: teams.map((team) => team.name) } : {}),
          },
        });
      });
      return toMemberDto(await reload(row.id));
    },

    /** Removes a member. The row stays (history); a new invitation gives a fresh membership without the old teams. */
    async remove(
      organization: OrganizationRow,
      memberId: string,
      actor: Actor,
      beforeChange?: BeforeChange
    ): Promise<MemberDto> {
      const row = await findInOrganization(organization, memberId);
      const now = new Date();
      return toMemberDto(
        await transition(
          row,
          ['active', 'pending'],
          { status: 'removed', removedAt: now, activeKey: null, joinKey: null },
          { action: 'membership.removed', actor },
          beforeChange
        )
      );
    },

    /** The user leaves an organization: their own membership `memberId` (404 for anyone else's). */
    async leave(
      userId: number,
      memberId: string,
      actor: Actor,
      beforeChange?: (
        row: { id: number; role: string; status: MembershipStatus },
        organization: OrganizationRow
      ) => Promise<void>
    ): Promise<MemberDto> {
      const own = (await memberships().findOne({
        where: { documentId: memberId, user: { id: userId }, status: { $in: ['active', 'pending'] } },
        populate: { organization: { select: ['documentId'] } },
      })) as { organization: { documentId: string } } | null;
      const organization = own ? await getService('organization', strapi).findByRef(own.organization.documentId) : null;
      if (!organization) {
        throw new InvitationError(
          404,
          'MEMBERSHIP_NOT_FOUND',
          `You have no live membership with the id "${memberId}".`
        );
      }
      const row = await findInOrganization(organization, memberId);
      return toMemberDto(
        await transition(
          row,
          ['active', 'pending'],
          { status: 'removed', removedAt: new Date(), activeKey: null, joinKey: null },
          { action: 'membership.left', actor },
          beforeChange ? (current) => beforeChange(current, organization) : undefined
        )
      );
    },

    async approve(organization: OrganizationRow, memberId: string, actor: Actor): Promise<MemberDto> {
      const row = await findInOrganization(organization, memberId);
      const now = new Date();
      const approved = await transition(
        row,
        ['pending'],
        { status: 'active', joinedAt: now, decidedAt: now },
        { action: 'membership.approved', actor }
      );
      const member = toMemberDto(approved);
      getService('webhook-events', strapi).emit('membership.approved', {
        membership: { ...member, organization: approved.organization },
      });
      return member;
    },

    async reject(
      organization: OrganizationRow,
      memberId: string,
      reason: string | null,
      actor: Actor
    ): Promise<MemberDto> {
      const row = await findInOrganization(organization, memberId);
      const rejected = await transition(
        row,
        ['pending'],
        { status: 'rejected', decidedAt: new Date(), rejectReason: reason, activeKey: null, joinKey: null },
        { action: 'membership.rejected', actor, data: { reason } }
      );
      const member = toMemberDto(rejected);
      getService('webhook-events', strapi).emit('membership.rejected', {
        membership: { ...member, organization: rejected.organization },
      });
      return member;
    },

    /**
     * Active members of an organization holding one of `roles`, but `exceptId`: the latest committed
     * count on every database (see countLinkedLatest), for "never without a manager" under a lock.
     */
    async countActiveWithRoles(organizationId: number, roles: readonly string[], exceptId: number): Promise<number> {
      if (roles.length === 0) return 0;
      return countLinkedLatest(strapi, UID.membership, 'organization', organizationId, {
        status: 'active',
        role: ['in', [...roles]],
        id: ['<>', exceptId],
      });
    },

    /**
     * Fills `scopeOrganization` of memberships linked to an organization after link `afterLinkId` but
     * written without it (see fillColumnFromLink and the organization-scope service).
     */
    async backfillOrganizationScope(afterLinkId = 0): Promise<LinkFill> {
      return fillColumnFromLink(strapi, UID.membership, 'scopeOrganization', 'organization', afterLinkId);
    },

    /** The user's live (active or pending) membership of the organization, by its unique key; or null. */
    async findLive(
      organizationId: number,
      userId: number
    ): Promise<{ id: number; documentId: string; role: string; status: MembershipStatus } | null> {
      return memberships().findOne({
        select: ['id', 'documentId', 'role', 'status'],
        where: { activeKey: activeKeyOf(organizationId, userId) },
      });
    },

    async create(input: {
      organization: OrganizationRow;
      userId: number;
      role: string;
      teams: TeamRow[];
      status: Extract<MembershipStatus, 'active' | 'pending'>;
      /** Where they came from: an invitation, or a join link (with the key of "one join per user"). */
      invitationId?: number;
      joinLink?: { id: number; joinKey: string };
      application?: Record<string, unknown> | null;
    }): Promise<{ documentId: string; status: MembershipStatus }> {
      // One insert for the row and one per relation, directly: accept and join run this in their
      // transaction, where the query engine's create (and its re-read) cost five statements and its
      // entity layer. The unique keys (activeKey, joinKey) still refuse a second live membership.
      const now = new Date();
      const [documentId] = documentIds(1);
      const membership = tableOf(strapi, UID.membership);
      const c = membership.column;
      await withKnex(strapi, async (_table, trx) => {
        const id = await insertRow(strapi, trx, membership.name, {
          [c('documentId')]: documentId,
          [c('role')]: input.role,
          [c('status')]: input.status,
          [c('joinedAt')]: input.status === 'active' ? now : null,
          [c('joinKey')]: input.joinLink?.joinKey ?? null,
          [c('activeKey')]: activeKeyOf(input.organization.id, input.userId),
          // The organization's id on the row too (its link is written below): the members lists read
          // an organization's page off the (scope_organization, status, created_at, id) index.
          [c('scopeOrganization')]: input.organization.id,
          // JSON columns are text on SQLite and json(b) elsewhere: all take the serialized value.
          [c('application')]: input.application == null ? null : JSON.stringify(input.application),
          [c('createdAt')]: now,
          [c('updatedAt')]: now,
          [c('publishedAt')]: now,
        });
        const links: [string, number[]][] = [
          ['organization', [input.organization.id]],
          ['user', [input.userId]],
          ['invitation', input.invitationId ? [input.invitationId] : []],
          ['joinLink', input.joinLink ? [input.joinLink.id] : []],
          ['teams', input.teams.map((team) => team.id)],
        ];
        for (const [relation, targets] of links) {
          await insertLinks(
            strapi,
            trx,
            UID.membership,
            relation,
            targets.map((target) => [id, target])
          );
        }
      });
      return { documentId, status: input.status };
    },

    /** The signed-in user's organizations, to let a frontend switch between them. */
    async listForUser(userId: number): Promise<MembershipView[]> {
      const capabilityTable = getService('organization-access', strapi).capabilities();
      const rows = (await memberships().findMany({
        where: { user: { id: userId }, status: { $in: ['active', 'pending', 'rejected'] } },
        orderBy: { createdAt: 'asc' },
        populate: {
          organization: { select: ['documentId', 'name', 'slug'] },
          teams: { select: ['documentId', 'name'] },
        },
      })) as (Omit<MembershipView, 'joinedAt' | 'capabilities'> & { joinedAt: string | Date | null })[];
      return rows.map((row) => ({
        documentId: row.documentId,
        status: row.status,
        role: row.role,
        joinedAt: row.joinedAt ? new Date(row.joinedAt).toISOString() : null,
        rejectReason: row.rejectReason ?? null,
        organization: {
          documentId: row.organization.documentId,
          name: row.organization.name,
          slug: row.organization.slug,
        },
        teams: (row.teams ?? []).map((team) => ({ documentId: team.documentId, name: team.name })),
        capabilities: row.status === 'active' ? [...capabilitiesOf(row.role, capabilityTable)] : [],
      }));
    },
  };
};

export default membershipService;
export type MembershipService = ReturnType<typeof membershipService>;
