import {
  DEFAULT_CAPABILITIES,
  type OrganizationCapability,
  type OrganizationOverview,
} from '../../../../shared/contracts';
import { InvitationError } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import type { StrapiContext } from '../../utils/types';
import type { OrganizationRow } from '../organization/types';
import { capabilitiesOf, isManagerRole, mayGrant, roleCan, type CapabilityTable } from './rules';

/** The signed-in user's standing in one organization, as the policy found it. */
export interface OrganizationAccess {
  organization: OrganizationRow;
  membership: { id: number; documentId: string; role: string };
  user: { id: number; email: string; username: string };
}

const CAPABILITY_WORDS: Record<OrganizationCapability, string> = {
  invite: 'invite people',
  revoke: 'revoke invitations',
  import: 'import invitations',
  'members.read': 'see the members',
  'members.manage': 'manage members',
  'joinLinks.manage': 'manage join links',
};

/**
 * The portal side's authorization: a user acts on an organization only through an active membership
 * whose role has the capability. Someone who is not a member learns nothing (404, as for an unknown
 * organization); a member without the capability gets a 403 that says which.
 */
const organizationAccessService = ({ strapi }: StrapiContext) => ({
  capabilities(): CapabilityTable {
    return getService('settings', strapi).config().capabilities ?? DEFAULT_CAPABILITIES;
  },

  /** `capability` null: any active member (reading the organization's own overview). */
  async authorize(
    user: { id: number; email: string; username: string },
    organizationRef: string,
    capability: OrganizationCapability | null
  ): Promise<OrganizationAccess> {
    const notFound = new InvitationError(
      404,
      'ORGANIZATION_NOT_FOUND',
      `You are not an active member of an organization "${organizationRef}".`
    );
    const organization = await getService('organization', strapi).findByRef(organizationRef);
    if (!organization) throw notFound;
    // By the live membership's unique key (one index probe on every portal request), where the
    // organization and the user each took a join through their link tables.
    const live = await getService('membership', strapi).findLive(organization.id, user.id);
    if (!live || live.status !== 'active') throw notFound;
    const membership: OrganizationAccess['membership'] = { id: live.id, documentId: live.documentId, role: live.role };
    if (capability !== null && !roleCan(membership.role, capability, this.capabilities())) {
      throw new InvitationError(
        403,
        'FORBIDDEN',
        `Your role "${membership.role}" in ${organization.name} cannot ${CAPABILITY_WORDS[capability]}. Ask one of its admins.`,
        { capability, role: membership.role }
      );
    }
    return { organization, membership, user };
  },

  /** The organization as the member sees it, with what their role lets them do and grant. */
  async overview({ organization, membership }: OrganizationAccess): Promise<OrganizationOverview> {
    const settings = await getService('settings', strapi).get();
    const grantableRoles = settings.roles.filter((role) => mayGrant(membership.role, role, settings.roles));
    const preferred = organization.defaultRole ?? settings.defaultRole;
    return {
      documentId: organization.documentId,
      name: organization.name,
      slug: organization.slug,
      allowedDomains: organization.allowedDomains ?? [],
      teams: (organization.teams ?? []).map((team) => ({ documentId: team.documentId, name: team.name })),
      role: membership.role,
      capabilities: [...capabilitiesOf(membership.role, this.capabilities())],
      grantableRoles,
      // A default the member may not grant would only produce a refusal: offer their lowest instead.
      defaultRole: grantableRoles.includes(preferred) ? preferred : (grantableRoles.at(-1) ?? preferred),
      revokeReasons: settings.revokeReasons,
      fields: settings.fields,
    };
  },

  /** Refuses a role above the grantor's own (inviting with it, or giving it to a member). */
  async assertMayGrant(grantorRole: string, role: string): Promise<void> {
    const { roles } = await getService('settings', strapi).get();
    if (!mayGrant(grantorRole, role, roles)) {
      throw new InvitationError(
        403,
        'FORBIDDEN',
        `You cannot grant the role "${role}": it is above your own ("${grantorRole}").`,
        { role, grantorRole }
      );
    }
  },

  /**
   * Refuses a change that would leave `organization` without an active member who can manage members
   * (demoting or removing the last one). Run in the change's transaction: it locks the organization's
   * row, so two admins removing each other at once cannot both pass, and counts the latest committed
   * memberships (a plain read on MySQL/MariaDB could see a snapshot from before the lock).
   */
  async assertKeepsAManager(
    organization: OrganizationRow,
    change: { membershipId: number; currentRole: string; nextRole: string | null }
  ): Promise<void> {
    const table = this.capabilities();
    if (!isManagerRole(change.currentRole, table)) return;
    if (change.nextRole !== null && isManagerRole(change.nextRole, table)) return;
    await getService('organization', strapi).lockRows([organization.id]);
    const managerRoles = Object.keys(table).filter((role) => isManagerRole(role, table));
    const others = await getService('membership', strapi).countActiveWithRoles(
      organization.id,
      managerRoles,
      change.membershipId
    );
    if (others === 0) {
      throw new InvitationError(
        409,
        'LAST_ADMIN',
        `${organization.name} needs at least one member who can manage members: make someone else one first.`
      );
    }
  },
});

export default organizationAccessService;
export type OrganizationAccessService = ReturnType<typeof organizationAccessService>;
