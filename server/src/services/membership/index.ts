import { UID, type MembershipStatus } from '../../utils/constants';
import { chunk, query } from '../../utils/db';
import type { StrapiContext } from '../../utils/types';
import type { OrganizationRow, TeamRow } from '../organization/types';

export interface MembershipView {
  documentId: string;
  status: MembershipStatus;
  role: string;
  joinedAt: string | null;
  organization: { documentId: string; name: string; slug: string };
  teams: { documentId: string; name: string }[];
}

/**
 * One active (or pending-approval) membership per user and organization: `activeKey` holds
 * "<organization id>:<user id>" while the membership counts and null once it is removed, and its
 * unique index enforces the rule even when two invitations of one person are accepted at once.
 */
export const activeKeyOf = (organizationId: number, userId: number): string => `${organizationId}:${userId}`;

const membershipService = ({ strapi }: StrapiContext) => {
  const memberships = () => query(strapi, UID.membership);

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
          const users = (await query(strapi, UID.user).findMany({
            select: ['email'],
            where: { email: { $in: part } },
          })) as { email: string }[];
          users.forEach((user) => found.add(user.email.toLowerCase()));
        }
      }
      return found;
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
      invitationId: number;
    }): Promise<{ documentId: string; status: MembershipStatus }> {
      const now = new Date();
      return (await memberships().create({
        data: {
          organization: input.organization.id,
          user: input.userId,
          role: input.role,
          teams: input.teams.map((team) => team.id),
          status: input.status,
          joinedAt: input.status === 'active' ? now : null,
          invitation: input.invitationId,
          activeKey: activeKeyOf(input.organization.id, input.userId),
          publishedAt: now,
        },
        select: ['documentId', 'status'],
      })) as { documentId: string; status: MembershipStatus };
    },

    /** The signed-in user's organizations, to let a frontend switch between them. */
    async listForUser(userId: number): Promise<MembershipView[]> {
      const rows = (await memberships().findMany({
        where: { user: { id: userId }, status: { $in: ['active', 'pending'] } },
        orderBy: { createdAt: 'asc' },
        populate: {
          organization: { select: ['documentId', 'name', 'slug'] },
          teams: { select: ['documentId', 'name'] },
        },
      })) as (Omit<MembershipView, 'joinedAt'> & { joinedAt: string | Date | null })[];
      return rows.map((row) => ({
        documentId: row.documentId,
        status: row.status,
        role: row.role,
        joinedAt: row.joinedAt ? new Date(row.joinedAt).toISOString() : null,
        organization: { documentId: row.organization.documentId, name: row.organization.name, slug: row.organization.slug },
        teams: (row.teams ?? []).map((team) => ({ documentId: team.documentId, name: team.name })),
      }));
    },
  };
};

export default membershipService;
export type MembershipService = ReturnType<typeof membershipService>;
