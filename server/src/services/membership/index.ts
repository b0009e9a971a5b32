import type { MemberDto, MembershipStatus, MembershipView, Page } from '../../../../shared/contracts';
import { UID } from '../../utils/constants';
import {
  chunk,
  countLinkedLatest,
  insertLinks,
  insertRow,
  query,
  tableOf,
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

/** A membership row as the query engine returns it with MEMBER_POPULATE. */
type MembershipRow = Omit<MemberDto, 'teams' | 'invitation'> & {
  id: number;
  teams: TeamRow[];
  invitation: { documentId: string } | null;
  joinLink: { documentId: string; label: string } | null;
  createdAt: string | Date | null;
  organization: { id: number; documentId: string; name: string; slug: string };
};

const MEMBER_POPULATE = {
  user: { select: ['id', 'email', 'username'] },
  teams: { select: ['id', 'documentId', 'name'] },
  invitation: { select: ['documentId'] },
  joinLink: { select: ['documentId', 'label'] },
  organization: { select: ['id', 'documentId', 'name', 'slug'] },
} as const;

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

  const findInOrganization = async (organization: OrganizationRow, memberId: string): Promise<MembershipRow> => {
    const row = (await memberships().findOne({
      where: { documentId: memberId, organization: { id: organization.id } },
      populate: MEMBER_POPULATE,
    })) as MembershipRow | null;
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
    (await memberships().findOne({ where: { id }, populate: MEMBER_POPULATE })) as MembershipRow;

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
              organization: { id: organization.id },
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
      const page = (await memberships().findPage({
        where: {
          organization: { id: organization.id },
          status: params.status,
          ...(params.search
            ? { user: { $or: [{ email: { $containsi: params.search } }, { username: { $containsi: params.search } }] } }
            : {}),
        },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        page: params.page,
        pageSize: params.pageSize,
        populate: MEMBER_POPULATE,
      })) as Page<MembershipRow>;
      return { results: page.results.map(toMemberDto), pagination: page.pagination };
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

    async findLive(organizationId: number, userId: number) {
      return memberships().findOne({ where: { activeKey: activeKeyOf(organizationId, userId) } });
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
